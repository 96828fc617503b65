import Foundation

/// `pack.partner-contact`: a partner-supported pack gives a support `url` or `email` in
/// pack_metadata.json (P1: "All Partners must provide support", reachable by customers).
public enum PackPartnerContactGate: Gate {
    public static let id = "pack.partner-contact"
    public static let summary = "support: partner needs a non-empty url or email in pack_metadata.json"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim("P1", "`support: partner` has a non-empty `url` or `email`", shownBy: ["partner without contact"])
    ]

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let layout = context.layout else { return .fail("no pack given", fix: "flow init --pack NAME") }
        guard case .success(let metadata) = layout.readMetadata(context.files) else {
            return .pass("no readable pack_metadata.json (pack.metadata says why)")
        }
        guard (metadata.fields["support"] as? String) == "partner" else { return .pass("not partner-supported") }
        let url = (metadata.fields["url"] as? String)?.trimmingWhitespace() ?? ""
        let email = (metadata.fields["email"] as? String)?.trimmingWhitespace() ?? ""
        if !url.isEmpty || !email.isEmpty { return .pass() }
        return .fail(
            "pack \(layout.pack): \(layout.metadata): \"support\": \"partner\" without a support \"url\" or \"email\" (\(LifecycleRule.cite("P1")): all partners must provide support)",
            fix: "set \"url\" (your support page) or \"email\" (your support address) in \(layout.metadata)")
    }

    public static let examples: [GateExample] = [
        .passing(
            "partner with email", pack: "Demo",
            initialCommit + [
                PackExample.file(
                    "pack_metadata.json",
                    PackExample.metadata().replacingOccurrences(of: "\"community\"", with: "\"partner\"").replacingOccurrences(
                        of: "\"author\"", with: "\"email\": \"support@example.com\", \"author\""))
            ]),
        .passing("community", pack: "Demo", initialCommit + [PackExample.file("pack_metadata.json", PackExample.metadata())]),
        .failing(
            "partner without contact", pack: "Demo", reason: "\"support\": \"partner\" without a support \"url\" or \"email\"",
            initialCommit + [
                PackExample.file(
                    "pack_metadata.json",
                    PackExample.metadata().replacingOccurrences(of: "\"community\"", with: "\"partner\"").replacingOccurrences(
                        of: "\"author\"", with: "\"url\": \"\", \"author\""))
            ]),
    ]
}
