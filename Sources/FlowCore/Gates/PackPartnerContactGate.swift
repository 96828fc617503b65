import Foundation

/// `pack.partner-contact`: a partner-supported pack gives a support `url` or `email` in
/// pack_metadata.json (P1: "All Partners must provide support", reachable by customers).
public enum PackPartnerContactGate: Gate {
    public static let id = "pack.partner-contact"
    public static let summary = "support: partner needs a support url (http or https) or email address in pack_metadata.json"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "P1", "`support: partner` has a support `url` (an http(s) address) or `email` (a mail address)",
            shownBy: ["partner without contact", "partner with a placeholder url and email"])
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard case .success(let metadata) = layout.readMetadata(context.files) else {
            return .pass("no readable pack_metadata.json (pack.metadata says why)")
        }
        guard (metadata.fields["support"] as? String) == "partner" else { return .pass("not partner-supported") }
        let url = (metadata.fields["url"] as? String)?.trimmingWhitespace() ?? ""
        let email = (metadata.fields["email"] as? String)?.trimmingWhitespace() ?? ""
        if isWebAddress(url) || isMailAddress(email) { return .pass() }
        let given = [("url", url), ("email", email)].filter { !$0.1.isEmpty }.map { "\"\($0.0)\": \"\($0.1)\"" }
        return .fail(
            "pack \(layout.pack): \(layout.metadata): \"support\": \"partner\" without a support \"url\" or \"email\"\(given.isEmpty ? "" : " a customer can reach (\(given.joined(separator: ", ")) is neither an http(s) address nor a mail address)") (\(LifecycleRule.cite("P1")): all partners must provide support)",
            fix: "set \"url\" (your support page) or \"email\" (your support address) in \(layout.metadata)")
    }

    /// `https://host/...`: a page a customer can open.
    static func isWebAddress(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), ["http", "https"].contains(components.scheme?.lowercased() ?? "") else {
            return false
        }
        return components.host.map { $0.contains(".") && !$0.hasSuffix(".") } ?? false
    }

    /// `name@domain.tld`, nothing more: an address a customer can write to.
    static func isMailAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let domain = parts[1]
        return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
    }

    /// A partner pack whose metadata has `contact` where its empty `"url": ""` was.
    static func partner(_ contact: String) -> [RepoStep] {
        initialCommit + [
            PackExample.file(
                "pack_metadata.json",
                PackExample.metadata().replacingOccurrences(of: "\"community\"", with: "\"partner\"").replacingOccurrences(
                    of: "\"url\": \"\"", with: contact))
        ]
    }

    public static let examples: [GateExample] = [
        // What a partner pack left as a placeholder reaches no one.
        .failing(
            "partner with a placeholder url and email", pack: "Demo", reason: "is neither an http(s) address nor a mail address",
            partner("\"url\": \"TBD\", \"email\": \"support\"")),
        .passing("partner with a support page", pack: "Demo", partner("\"url\": \"https://support.example.com/xsoar\"")),
        .passing("partner with email", pack: "Demo", partner("\"url\": \"\", \"email\": \"support@example.com\"")),
        .passing("community", pack: "Demo", initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata())]),
        .failing(
            "partner without contact", pack: "Demo", reason: "\"support\": \"partner\" without a support \"url\" or \"email\"",
            partner("\"url\": \"\"")),
    ]
}
