import Foundation

/// Tool output without colour escapes (demisto-sdk colours even into a pipe).
public func withoutANSI(_ text: String) -> String {
    text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
}
