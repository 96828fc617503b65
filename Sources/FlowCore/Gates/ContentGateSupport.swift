import Foundation

/// One integration or script of a pack with its files (paths from the repository root).
struct ContentUnit {
    let kind: String
    let name: String
    let directory: String
    var yamlPath: String { "\(directory)/\(name).yml" }
    var codePath: String { "\(directory)/\(name).py" }
    var testPath: String { "\(directory)/\(name)_test.py" }
}

/// A unit with its YAML read and the checker's facts for its code and tests.
struct LoadedUnit {
    let unit: ContentUnit
    let yaml: IntegrationYAML
    let code: PythonFileFacts?
    let tests: PythonFileFacts?
}

/// The pack's units, or the outcome that blocks the gate (no python3, a syntax error, bad YAML).
enum UnitsLoad {
    case units([LoadedUnit])
    case blocked(GateOutcome)
}

/// A unit's YAML where the change left main (the merge-base with main).
enum BaseYAML {
    /// The file was not there: the unit is new, everything in it is the change's.
    case absent
    /// Git or the old YAML cannot answer: count everything as the change's, so no debt excuses it.
    case unknown
    case yaml(IntegrationYAML)
}

/// The shared files of XSOAR's Python runtime that tests copy next to the code: not the pack's code.
private let runtimeStubs: Set<String> = [
    "CommonServerPython.py", "CommonServerUserPython.py", "demistomock.py",
    "DemistoClassApiModule.py",
]

extension GateContext {
    /// The pack's integrations and scripts that have their YAML.
    func contentUnits() -> [ContentUnit] {
        components().map { ContentUnit(kind: $0.kind, name: $0.name, directory: $0.path) }
            .filter { files.exists($0.yamlPath) }
    }

    /// The unit's YAML at the merge-base with main, for the rules that judge only what a change
    /// adds to a pack already on main.
    func yamlAtBase(_ unit: LoadedUnit) -> BaseYAML {
        guard let content else { return .unknown }
        let bytes: [UInt8]?
        do {
            let base = try git.mergeBase(with: "refs/heads/\(config.mainBranch)")
            bytes = try base.flatMap { try git.fileContent(unit.unit.yamlPath, at: $0) }
        } catch {
            return .unknown
        }
        guard let bytes else { return .absent }
        guard let root = try? content.yaml(bytes, path: unit.unit.yamlPath) else { return .unknown }
        return .yaml(IntegrationYAML(root, scriptName: unit.unit.name))
    }

    /// Reads every unit's YAML and runs the checker once over all its Python; a failure is the gate's answer.
    func loadUnits() -> UnitsLoad {
        guard let content else {
            // Every FlowKit context passes a ContentReader; one without it is a flow bug, never a pass.
            return .blocked(
                .fail(
                    "flow was asked to check content without its YAML/Python reader (a flow bug)",
                    fix: "report it to flow's maintainers; `flow check --phase develop` on the work tree still checks the content"))
        }
        let units = contentUnits()
        var sources: [(path: String, bytes: [UInt8])] = []
        for unit in units {
            for name in (files.list(unit.directory) ?? []) where name.hasSuffix(".py") && !runtimeStubs.contains(name) {
                let path = "\(unit.directory)/\(name)"
                guard let bytes = files.read(path) else {
                    return .blocked(.fail("\(path) cannot be read", fix: "check the file's permissions"))
                }
                sources.append((path, bytes))
            }
        }
        var facts: [String: PythonFileFacts] = [:]
        if !sources.isEmpty {
            switch content.python(sources) {
            case .unavailable(let reason, let fix): return .blocked(.fail(reason, fix: fix))
            case .facts(let answer): facts = answer
            }
        }
        let broken = sources.compactMap { source in facts[source.path]?.error.map { "\(source.path):\($0.line): \($0.message)" } }
        if !broken.isEmpty {
            return .blocked(
                .fail(
                    reasons: broken.map { "\($0) (Python syntax error: flow cannot read the code)" },
                    fix: "fix the syntax error, then run `python3 -m py_compile FILE` to confirm"))
        }
        var loaded: [LoadedUnit] = []
        for unit in units {
            guard let bytes = files.read(unit.yamlPath) else {
                return .blocked(.fail("\(unit.yamlPath) cannot be read", fix: "check the file's permissions"))
            }
            do {
                guard let root = try content.yaml(bytes, path: unit.yamlPath) else {
                    return .blocked(
                        .fail(
                            "\(unit.yamlPath) is empty",
                            fix: "write the \(unit.kind == "Scripts" ? "script" : "integration") YAML (demisto-sdk init writes one)"))
                }
                loaded.append(
                    LoadedUnit(
                        unit: unit, yaml: IntegrationYAML(root, scriptName: unit.name),
                        code: facts[unit.codePath], tests: facts[unit.testPath]))
            } catch ContentError.yaml(let path, let line, let message) {
                return .blocked(.fail("\(path):\(line): \(message)", fix: "fix the YAML syntax in \(path)"))
            } catch {
                return .blocked(.fail("\(unit.yamlPath): \(error)", fix: "fix the YAML syntax in \(unit.yamlPath)"))
            }
        }
        return .units(loaded)
    }
}

/// Builders for the content gates' examples: an integration `Demo` in pack `Demo`.
enum ContentExample {
    static let dir = "Packs/Demo/Integrations/Demo"

    static func code(_ text: String) -> RepoStep { .write("\(dir)/Demo.py", text) }
    static func yaml(_ text: String) -> RepoStep { .write("\(dir)/Demo.yml", text) }
    static func tests(_ text: String) -> RepoStep { .write("\(dir)/Demo_test.py", text) }

    /// An integration YAML with the given commands (`name: [args]`, `arg[]` for isArray), configuration and script keys.
    static func integration(
        commands: [(String, [String])], parameters: [(String, String?)] = [("url", nil)],
        script: String = ""
    ) -> String {
        var text = "commonfields:\n  id: Demo\n  version: -1\nname: Demo\ndisplay: Demo\ncategory: Utilities\nconfiguration:\n"
        for (name, value) in parameters {
            text += "- name: \(name)\n  display: \(name)\n  type: 0\n  required: false\n"
            if let value { text += "  defaultvalue: '\(value)'\n" }
        }
        text += "script:\n  script: '-'\n  type: python\n  subtype: python3\n\(script)  commands:\n"
        for (name, args) in commands {
            text += "  - name: \(name)\n    description: Does \(name).\n    arguments:\n"
            for arg in args {
                let list = arg.hasSuffix("[]")
                text += "    - name: \(list ? String(arg.dropLast(2)) : arg)\n      description: The \(arg).\n      isArray: \(list)\n"
            }
            if args.isEmpty { text = String(text.dropLast("    arguments:\n".count)) + "    arguments: []\n" }
            text += "    outputs:\n    - contextPath: Demo.Item.ID\n      description: The ID.\n      type: String\n"
        }
        return text
    }

    /// main() dispatching each command to its handler (default `<name with _>_command`) as `handler(client, args)`.
    static func main(_ commands: [String], handlers: [String: String] = [:], extra: String = "") -> String {
        var text = "def main():\n    params = demisto.params()\n    command = demisto.command()\n    args = demisto.args()\n    try:\n"
        text += "        client = params.get('url')\n        if command == 'test-module':\n            return_results('ok')\n"
        for command in commands {
            text +=
                "        elif command == '\(command)':\n            return_results(\(handlers[command] ?? command.replacingOccurrences(of: "-", with: "_") + "_command")(client, args))\n"
        }
        text += extra
        text += "    except Exception as e:\n        return_error(str(e))\n"
        return text
    }
}
