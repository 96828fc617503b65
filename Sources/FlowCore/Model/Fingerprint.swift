/// An unambiguous text of labelled values, for cache keys: each value is written with its
/// length, so no choice of content (a newline, an `=` in a value) makes two inputs read alike.
/// Built by hand: JSONEncoder's first use in a process costs the hook about half a millisecond.
public struct Fingerprint: Sendable {
    public private(set) var text = ""

    public init() {}

    public mutating func add(_ label: String, _ value: String?) {
        text += label
        guard let value else {
            text += "-\n"
            return
        }
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

extension CommitPolicy {
    /// The required checks (with their phases) and the gates with their parameters, in order. Also their stored form: `init(fingerprint:)`
    /// reads it back.
    public var fingerprint: String {
        var print = Fingerprint()
        print.add("checks", checks.count)
        for check in checks {
            print.add("check", check.check)
            print.add("phase", check.phase)
        }
        print.add("gates", uses.count)
        for use in uses {
            print.add("gate", use.id)
            print.add("params", use.params.values.count)
            for key in use.params.values.keys.sorted() {
                print.add("key", key)
                print.add("value", use.params.values[key]!)
            }
        }
        return print.text
    }

    /// The gates a `fingerprint` names; nil for any other text.
    public init?(fingerprint: String) {
        var reader = FingerprintReader(bytes: Array(fingerprint.utf8))
        guard let checkCount = reader.count("checks") else { return nil }
        var checks: [RequiredCheck] = []
        for _ in 0..<checkCount {
            guard let check = reader.string("check"), let phase = reader.string("phase") else { return nil }
            checks.append(RequiredCheck(check: check, phase: phase))
        }
        guard let count = reader.count("gates") else { return nil }
        var uses: [GateUse] = []
        for _ in 0..<count {
            guard let id = reader.string("gate"), let paramCount = reader.count("params") else { return nil }
            var params: [String: ParamValue] = [:]
            for _ in 0..<paramCount {
                guard let key = reader.string("key"), reader.literal("value"), let value = reader.value(),
                    reader.literal("\n"), params[key] == nil
                else { return nil }
                params[key] = value
            }
            uses.append(GateUse(id: id, params: GateParams(params)))
        }
        guard reader.atEnd else { return nil }
        self.init(uses: uses, checks: checks)
    }
}

/// Reads back what `Fingerprint` wrote (for the gate list it stores).
struct FingerprintReader {
    let bytes: [UInt8]
    var at = 0

    var atEnd: Bool { at == bytes.count }

    mutating func literal(_ text: String) -> Bool {
        let word = Array(text.utf8)
        guard at + word.count <= bytes.count, bytes[at..<(at + word.count)].elementsEqual(word) else { return false }
        at += word.count
        return true
    }

    /// Decimal digits (a leading minus allowed) up to `end`, which is consumed.
    mutating func integer(until end: UInt8) -> Int? {
        let start = at
        if at < bytes.count, bytes[at] == 0x2D { at += 1 }
        while at < bytes.count, (0x30...0x39).contains(bytes[at]) { at += 1 }
        guard at < bytes.count, bytes[at] == end, at - start <= 19,
            let value = Int(String(decoding: bytes[start..<at], as: UTF8.self))
        else { return nil }
        at += 1
        return value
    }

    /// `<count>:<bytes>`
    mutating func counted() -> String? {
        guard let count = integer(until: 0x3A), count >= 0, at + count <= bytes.count else { return nil }
        defer { at += count }
        return String(validating: bytes[at..<(at + count)], as: UTF8.self)
    }

    /// `label=<count>:<text>\n`
    mutating func string(_ label: String) -> String? {
        guard literal(label + "="), let text = counted(), literal("\n") else { return nil }
        return text
    }

    /// `label#<n>\n`
    mutating func count(_ label: String) -> Int? {
        guard literal(label + "#"), let value = integer(until: 0x0A), value >= 0 else { return nil }
        return value
    }

    mutating func value() -> ParamValue? {
        guard at < bytes.count else { return nil }
        let kind = bytes[at]
        at += 1
        switch kind {
        case 0x73: return counted().map { .string($0) }  // s
        case 0x69: return integer(until: 0x3B).map { .int($0) }  // i…;
        case 0x62:  // b0 / b1
            guard at < bytes.count, bytes[at] == 0x30 || bytes[at] == 0x31 else { return nil }
            at += 1
            return .bool(bytes[at - 1] == 0x31)
        case 0x6C:  // l<n>[…]
            guard let count = integer(until: 0x5B), count >= 0 else { return nil }
            var items: [ParamValue] = []
            for _ in 0..<count {
                guard let item = value() else { return nil }
                items.append(item)
            }
            return literal("]") ? .list(items) : nil
        default: return nil
        }
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
            (
                "released",
                text { print in
                    let keys = released.keys.sorted()
                    print.add("", keys)
                    print.add("", keys.map { released[$0]! })
                }
            ),
            ("commonServer", text { $0.add("", commonServer) }),
            ("commitConvention", text { $0.add("", commitConvention) }),
            ("firstPRFiled", text { $0.add("", firstPRFiled) }),
            ("hooks", text { $0.add("", hooks) }),
            ("allowSkippedValidate", text { $0.add("", allowSkippedValidate) }),
            ("testsInImage", text { $0.add("", testsInImage) }),
            (
                "exceptions",
                text { print in
                    print.add("", exceptions.count)
                    for exception in exceptions {
                        print.add("", exception.pack)
                        print.add("", exception.gate)
                        print.add("", exception.reason)
                    }
                }
            ),
            (
                "baseline",
                text { $0.add("", baseline.keyText) }
            ),
        ]
    }

    public var fingerprint: String {
        fingerprintFields.map { "\($0.label)\($0.value)" }.joined()
    }
}
