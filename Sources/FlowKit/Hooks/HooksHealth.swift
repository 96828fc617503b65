import FlowCore
import FlowGit
import Foundation

/// Another hook manager that owns the hooks directory (`core.hooksPath`).
public struct HookManager: Codable, Equatable, Sendable {
    /// `husky`, `lefthook` or `another hook manager`.
    public let name: String
    /// The hooks directory, as configured.
    public let directory: String
    /// flow writes its hooks into this directory with the manager's scripts kept and run first
    /// (lefthook's generated hooks), or leaves it to the user (husky's committed `.husky/<hook>`
    /// files: flow never rewrites a tracked file).
    public let chains: Bool
    /// The hooks that do not yet call `flow hook NAME` (for a manager flow does not chain).
    public let missing: [String]

    /// What to add, in prose (one line).
    public var advice: String {
        missing.map { "add the line `flow hook \($0) \"$@\"` to \(directory)/\($0)" }.joined(separator: "; ")
    }
}

/// Are flow's hooks in place for this clone? Asked by every command in a configured repository,
/// by `flow doctor`, and before `flow init`/`flow feature start` install them.
public struct HooksHealth: Codable, Equatable, Sendable {
    public let missing: [String]
    /// Hooks that are not flow's (and not chained by it), edited, or flow's script for another binary.
    public let stale: [String]
    /// Set when `core.hooksPath` belongs to another hook manager.
    public let manager: HookManager?

    public var healthy: Bool { missing.isEmpty && stale.isEmpty && (manager.map { $0.chains || $0.missing.isEmpty } ?? true) }

    /// The one stderr line for an unhealthy clone (nil when healthy): what is wrong and the fix.
    public var notice: String? {
        guard !healthy else { return nil }
        if let manager, !manager.chains {
            return "flow: warning: git hooks belong to \(manager.name) (core.hooksPath \(manager.directory)) and "
                + "\(manager.missing.joined(separator: ", ")) do not call flow; \(manager.advice)"
        }
        var what: [String] = []
        if !missing.isEmpty { what.append("missing (\(missing.joined(separator: ", ")))") }
        if !stale.isEmpty { what.append("stale (\(stale.joined(separator: ", ")): not flow's, edited, or for another flow binary)") }
        return
            "flow: warning: flow's git hooks are \(what.joined(separator: " and ")), so nothing is checked at commit: run flow hooks install"
    }
}

extension HooksInstaller {
    /// The manager that owns `core.hooksPath`, if one does: husky (`.husky`, `.husky/_`), or a
    /// directory whose hooks run lefthook or another manager.
    public func hookManager() throws -> HookManager? {
        guard let configured = try repository.configString("core.hooksPath"), !configured.isEmpty else {
            return try lefthookInGitHooks()
        }
        let directory = try hooksDirectory()
        let root = repository.workDirectory ?? repository.commonDirectory
        let components = configured.split(separator: "/").map(String.init)
        if components.contains(".husky") {
            // husky 9 points git at .husky/_, whose generated scripts run the committed .husky/<hook>.
            let userDirectory = directory.hasSuffix("/_") ? String(directory.dropLast(2)) : directory
            let shown = userDirectory.hasPrefix(root + "/") ? String(userDirectory.dropFirst(root.count + 1)) : userDirectory
            let missing = Self.names.filter { name in
                let text = Self.contents("\(userDirectory)/\(name)").map { String(decoding: $0, as: UTF8.self) } ?? ""
                return !text.contains("flow hook \(name)")
            }
            return HookManager(name: "husky", directory: shown, chains: false, missing: missing)
        }
        let lefthook =
            Self.names.contains { name in
                Self.contents("\(directory)/\(name)").map { String(decoding: $0, as: UTF8.self).contains("lefthook") } ?? false
            } || ["lefthook.yml", ".lefthook.yml"].contains { Self.exists(root + "/" + $0) }
        return HookManager(name: lefthook ? "lefthook" : "another hook manager", directory: configured, chains: true, missing: [])
    }

    /// lefthook writes its scripts into .git/hooks: flow chains them (they run first).
    func lefthookInGitHooks() throws -> HookManager? {
        let directory = try hooksDirectory()
        let uses = Self.names.contains { name in
            [name, name + ".flow-chained"].contains { file in
                Self.contents("\(directory)/\(file)").map { String(decoding: $0, as: UTF8.self).contains("lefthook") } ?? false
            }
        }
        return uses ? HookManager(name: "lefthook", directory: directory, chains: true, missing: []) : nil
    }

    /// Missing and stale hooks, judged against the script this flow binary would write.
    public func health(flowPath: String = HooksInstaller.currentExecutable()) throws -> HooksHealth {
        let manager = try hookManager()
        if let manager, !manager.chains { return HooksHealth(missing: [], stale: [], manager: manager) }
        let states = try status()
        let missing = states.filter { $0.status == .missing }.map(\.name)
        let stale = states.filter { state in
            switch state.status {
            case .missing: return false
            case .foreign, .modified: return true
            case .installed: return Self.contents(state.path) != Array(Self.script(for: state.name, flowPath: flowPath).utf8)
            }
        }.map(\.name)
        return HooksHealth(missing: missing, stale: stale, manager: manager)
    }

    /// Installs the hooks unless the configuration says `hooks: manual` or another manager owns
    /// them without chaining (then its advice is returned instead). Lines to show the user; empty
    /// when nothing changed.
    public func ensureInstalled(config: ProjectConfig) throws -> [String] {
        if config.hooksAreManual { return [] }
        let health = try health()
        if let manager = health.manager, !manager.chains {
            return health.notice.map { [$0] } ?? []
        }
        guard !health.healthy else { return [] }
        return try install().filter { !$0.hasSuffix("already installed, unchanged") }
    }
}
