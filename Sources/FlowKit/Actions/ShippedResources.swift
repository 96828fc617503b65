import Foundation

/// Run-time files flow ships beside its workflows (`Resources/`): `$FLOW_RESOURCES_DIR`, else
/// `share/flow/Resources` beside an installed binary, else `Resources/` of the source checkout
/// the binary was built in.
public enum ShippedResources {
    public static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let dir = environment["FLOW_RESOURCES_DIR"], !dir.isEmpty { return dir }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        let installed = dir.deletingLastPathComponent().appendingPathComponent("share/flow/Resources").path
        if FileManager.default.fileExists(atPath: installed) { return installed }
        for _ in 0..<8 {
            let candidate = dir.appendingPathComponent("Resources").path
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
               FileManager.default.fileExists(atPath: candidate) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }
}
