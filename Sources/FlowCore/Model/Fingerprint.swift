/// An unambiguous text of labelled values, for cache keys: each value is written with its
/// length, so no choice of content (a newline, an `=` in a value) makes two inputs read alike.
/// Built by hand: JSONEncoder's first use in a process costs the hook about half a millisecond.
public struct Fingerprint: Sendable {
    public private(set) var text = ""

    public init() {}

    public mutating func add(_ label: String, _ value: String?) {
        text += label
        guard let value else { text += "-\n"; return }
        text += "=\(value.utf8.count):\(value)\n"
    }

    public mutating func add(_ label: String, _ values: [String]) {
        text += "\(label)[\(values.count)]\n"
        for value in values { add("", value) }
    }

    public mutating func add(_ label: String, _ value: Int) { text += "\(label)#\(value)\n" }

    public mutating func add(_ label: String, _ value: Bool?) { add(label, value.map { $0 ? "true" : "false" }) }

    public mutating func add(_ label: String, _ value: ParamValue) {
        text += label
        value.fingerprint(into: &text)
        text += "\n"
    }
}

extension ParamValue {
    func fingerprint(into text: inout String) {
        switch self {
        case .string(let s): text += "s\(s.utf8.count):\(s)"
        case .int(let i): text += "i\(i);"
        case .bool(let b): text += b ? "b1" : "b0"
        case .list(let items):
            text += "l\(items.count)["
            for item in items { item.fingerprint(into: &text) }
            text += "]"
        }
    }
}

extension ContentGates {
    /// The gates and their parameters, in order.
    public var fingerprint: String {
        var print = Fingerprint()
        print.add("gates", uses.count)
        for use in uses {
            print.add("gate", use.id)
            for key in use.params.values.keys.sorted() { print.add(key, use.params.values[key]!) }
        }
        return print.text
    }
}

extension ProjectConfig {
    /// Every setting, labelled (a test holds this list to the type's stored properties).
    public var fingerprintFields: [(label: String, value: String)] {
        func text(_ add: (inout Fingerprint) -> Void) -> String {
            var print = Fingerprint()
            add(&print)
            return print.text
        }
        return [
            ("schemaVersion", text { $0.add("", schemaVersion) }),
            ("workflow", text { $0.add("", workflow) }),
            ("packs", text { $0.add("", packs) }),
            ("packType", text { $0.add("", packType) }),
            ("platform", text { $0.add("", platform) }),
            ("author", text { $0.add("", author) }),
            ("category", text { $0.add("", category) }),
            ("support", text { $0.add("", support) }),
            ("zipDir", text { $0.add("", zipDir) }),
            ("instanceURL", text { $0.add("", instanceURL) }),
            ("mainBranch", text { $0.add("", mainBranch) }),
            ("featurePrefix", text { $0.add("", featurePrefix) }),
            ("tagFormat", text { $0.add("", tagFormat) }),
            ("packsRoot", text { $0.add("", packsRoot) }),
            ("released", text { print in
                let keys = released.keys.sorted()
                print.add("", keys)
                print.add("", keys.map { released[$0]! })
            }),
            ("commonServer", text { $0.add("", commonServer) }),
            ("commitConvention", text { $0.add("", commitConvention) }),
            ("firstPRFiled", text { $0.add("", firstPRFiled) }),
        ]
    }

    public var fingerprint: String {
        fingerprintFields.map { "\($0.label)\($0.value)" }.joined()
    }
}
