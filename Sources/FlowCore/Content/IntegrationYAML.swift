import Foundation

/// The parts of an integration or script YAML the content gates compare with the code and docs.
public struct IntegrationYAML: Sendable {
    public struct Argument: Sendable {
        public let name: String
        public let isArray: Bool
        public let line: Int
    }
    public struct Command: Sendable {
        public let name: String
        public let line: Int
        public let arguments: [Argument]
        /// Context paths of the outputs.
        public let outputs: [String]
    }
    public struct Parameter: Sendable {
        public let name: String
        public let line: Int
        public let defaultValue: String?
        public let display: String?
    }

    /// A top-level key's text and its line.
    public struct Key: Sendable {
        public let value: String
        public let line: Int
    }

    /// What the integration is called: `commonfields.id`, `name`, `display` (those it has).
    public let names: [String]
    /// False for a script (its arguments form the one command, named after the script).
    public let isIntegration: Bool
    public let commands: [Command]
    public let parameters: [Parameter]
    public let isFetch: Bool
    public let longRunning: Bool
    public let longRunningPort: Bool
    /// Line of `isfetch`/`longRunning`/`longRunningPort` (for messages), else the document's.
    public let scriptLine: Int
    /// `defaultclassifier` / `defaultmapperin`: the classifier and incoming mapper a new instance
    /// uses (demisto-sdk's HelloWorld template sets both).
    public let defaultClassifier: Key?
    public let defaultMapperIn: Key?
    /// `fromversion`: the oldest platform version the item installs on (none: every version).
    public let fromVersion: Key?

    public init(_ root: YAMLNode, scriptName: String) {
        func arguments(_ node: YAMLNode?) -> [Argument] {
            (node?.items ?? []).compactMap { arg in
                arg["name"]?.text.map { Argument(name: $0, isArray: arg["isArray"]?.isTrue ?? false, line: arg.line) }
            }
        }
        func outputs(_ node: YAMLNode?) -> [String] { (node?.items ?? []).compactMap { $0["contextPath"]?.text } }
        names = [root["commonfields"]?["id"]?.text, root["name"]?.text, root["display"]?.text].compactMap { $0 }
        let script = root["script"]
        if let script, case .map = script.value {
            isIntegration = true
            commands =
                script["commands"]?.items.compactMap { command in
                    command["name"]?.text.map {
                        Command(
                            name: $0, line: command.line, arguments: arguments(command["arguments"]), outputs: outputs(command["outputs"]))
                    }
                } ?? []
            isFetch = script["isfetch"]?.isTrue ?? false
            longRunning = script["longRunning"]?.isTrue ?? false
            longRunningPort = script["longRunningPort"]?.isTrue ?? false
            scriptLine = script["isfetch"]?.line ?? script["longRunning"]?.line ?? script.line
        } else {
            isIntegration = false
            commands = [
                Command(
                    name: root["name"]?.text ?? scriptName, line: root.line, arguments: arguments(root["args"]),
                    outputs: outputs(root["outputs"]))
            ]
            isFetch = false
            longRunning = false
            longRunningPort = false
            scriptLine = root.line
        }
        func key(_ name: String) -> Key? { root[name].flatMap { node in node.text.map { Key(value: $0, line: node.line) } } }
        defaultClassifier = key("defaultclassifier")
        defaultMapperIn = key("defaultmapperin")
        fromVersion = key("fromversion")
        parameters = (root["configuration"]?.items ?? []).compactMap { parameter in
            parameter["name"]?.text.map {
                Parameter(
                    name: $0, line: parameter.line, defaultValue: parameter["defaultvalue"]?.text,
                    display: parameter["display"]?.text)
            }
        }
    }

    public func command(_ name: String) -> Command? { commands.first { $0.name == name } }

    public func parameter(_ name: String) -> Parameter? { parameters.first { $0.name == name } }

    /// Commands XSOAR itself calls, never listed under `script.commands`.
    public static let builtInCommands: Set<String> = [
        "test-module", "fetch-incidents", "long-running-execution", "fetch-indicators", "fetch-events", "fetch-assets",
        "fetch-credentials", "get-mapping-fields", "get-remote-data", "get-modified-remote-data", "update-remote-system",
    ]
}
