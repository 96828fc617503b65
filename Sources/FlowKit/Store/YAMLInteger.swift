import Foundation
import Yams

enum YAMLInteger {
    /// True when Yams 5's integer construction of `text` would overflow (and trap): after an
    /// optional sign, text starting with "0" takes its radix path (which returns nil on overflow);
    /// other text with a colon is base 60: every colon-separated part that is a decimal integer,
    /// last first, times 1, 60, 60², …, summed, then the sign applied.
    static func baseSixtyOverflows(_ text: String) -> Bool {
        var body = Substring(text)
        let negative = body.hasPrefix("-")
        if negative || body.hasPrefix("+") { body = body.dropFirst() }
        guard !body.hasPrefix("0"), body.contains(":") else { return false }
        var base = 1
        var value = 0
        for part in body.split(separator: ":", omittingEmptySubsequences: false).compactMap({ Int($0, radix: 10) }).reversed() {
            let (product, productOverflow) = part.multipliedReportingOverflow(by: base)
            let (sum, sumOverflow) = value.addingReportingOverflow(product)
            let (next, baseOverflow) = base.multipliedReportingOverflow(by: 60)
            if productOverflow || sumOverflow || baseOverflow { return true }
            (value, base) = (sum, next)
        }
        return value.multipliedReportingOverflow(by: negative ? -1 : 1).overflow
    }

    /// `text` as an integer when it is plain decimal digits without a leading zero (or "0"), of at
    /// most 18 digits: an int under Yams' resolver with this value, answered without compiling its
    /// regular expressions (about 1.5 ms on first use). nil for anything else, which the resolver
    /// then decides (FastPath; CacheKeyTests compares the two).
    /// True when `text` cannot be an int under Yams' resolver: every YAML 1.1 int starts with a
    /// sign or a digit (FastPath; CacheKeyTests compares it with the resolver).
    static func cannotBeInteger(_ text: String) -> Bool {
        guard let first = text.utf8.first else { return true }
        return !(first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39))
    }

    static func plainDecimal(_ text: String) -> Int? {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= 18, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        guard bytes.count == 1 || bytes.first != 0x30 else { return nil }
        return Int(text)
    }
}
