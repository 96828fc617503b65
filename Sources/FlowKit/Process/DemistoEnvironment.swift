/// The environment every demisto-sdk call gets: no content-repo nag, no PyPI version check.
public func demistoEnvironment(root: String) -> [String: String] {
    ["DEMISTO_SDK_IGNORE_CONTENT_WARNING": "1", "CI": "true", "DEMISTO_SDK_CONTENT_PATH": root]
}
