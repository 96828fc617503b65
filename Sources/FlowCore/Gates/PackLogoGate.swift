/// `pack.logo`: each integration has X_image.png, a PNG of 120x50 pixels (read from the IHDR header).
public enum PackLogoGate: Gate {
    public static let id = "pack.logo"
    public static let summary = "each integration has a 120x50 PNG logo (X_image.png)"
    public static let scope = GateScope.pack
    public static let enforces = [
        RuleClaim(
            "S13", "every integration has `X_image.png`, a PNG whose header says 120x50", shownBy: ["missing", "wrong size", "not a png"])
    ]

    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Width and height from a PNG's IHDR chunk, which must come first; nil if it is not a PNG.
    public static func pngSize(_ bytes: [UInt8]) -> (width: UInt32, height: UInt32)? {
        guard bytes.count >= 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func be(_ at: Int) -> UInt32 { bytes[at..<at + 4].reduce(0) { $0 << 8 | UInt32($1) } }
        return (be(16), be(20))
    }

    public static func evaluate(_ params: GateParams, _ context: GateContext) throws -> GateOutcome {
        guard let pack = context.pack else { return .fail("no pack given", fix: "flow init --pack NAME") }
        var problems: [String] = []
        var fixFile: String?
        for component in context.components(["Integrations"]) {
            let path = "\(component.path)/\(component.name)_image.png"
            guard let bytes = context.files.read(path) else {
                problems.append("pack \(pack): \(path) is missing (every integration needs a 120x50 PNG logo)")
                fixFile = fixFile ?? path
                continue
            }
            guard let size = pngSize(bytes) else {
                problems.append("pack \(pack): \(path) is not a PNG file")
                fixFile = fixFile ?? path
                continue
            }
            if size.width != 120 || size.height != 50 {
                problems.append("pack \(pack): \(path) is \(size.width)x\(size.height); it must be 120x50")
                fixFile = fixFile ?? path
            }
        }
        if problems.isEmpty { return .pass() }
        return .fail(
            reasons: problems,
            fix: "save a 120x50 PNG as \(fixFile ?? "X_image.png") (e.g. convert logo.png -resize 120x50! \(fixFile ?? "X_image.png"))")
    }

    static let image = "Packs/Demo/Integrations/Hello/Hello_image.png"
    static let source = PackExample.file("Integrations/Hello/Hello.py", "x = 1\n")

    public static let examples: [GateExample] = [
        .passing("120x50 png", pack: "Demo", initialCommit + [source, .writeBytes(image, PackExample.png(width: 120, height: 50))]),
        .failing(
            "wrong size", pack: "Demo", reason: "Hello_image.png is 100x100; it must be 120x50",
            initialCommit + [source, .writeBytes(image, PackExample.png(width: 100, height: 100))]),
        .failing("not a png", pack: "Demo", reason: "Hello_image.png is not a PNG", initialCommit + [source, .write(image, "GIF89a")]),
        .failing("missing", pack: "Demo", reason: "Hello_image.png is missing", initialCommit + [source]),
    ]
}
