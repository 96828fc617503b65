import FlowCore
import Foundation
import Yams

/// The Docker image an integration or script runs in on XSOAR, read from its YAML as demisto-sdk
/// reads it: `script.dockerimage` for an integration, the top-level `dockerimage` for a script.
/// With `testsInImage: true` in `.flow/config.yml` and a container engine on PATH, the test
/// action runs each component's tests inside that image, as `demisto-sdk pre-commit` does.
public struct ComponentImage: Equatable, Sendable {
    /// The component directory (absolute).
    public let directory: String
    /// `demisto/python3:3.10.14.100715`; nil when the YAML names none.
    public let image: String?
    /// The YAML it was read from (absolute), or nil when the directory has none.
    public let yaml: String?

    /// The image of the component in `directory`: the first `.yml` beside its code that names one.
    public static func read(directory: String) -> ComponentImage {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: directory)) ?? []).filter {
            ($0.hasSuffix(".yml") || $0.hasSuffix(".yaml")) && !$0.hasPrefix(".")
        }.sorted()
        var first: String?
        for name in names {
            let path = directory + "/" + name
            guard let data = fm.contents(atPath: path), data.count < 4_000_000,
                let node = try? Yams.load(yaml: String(decoding: data, as: UTF8.self)) as? [String: Any]
            else { continue }
            first = first ?? path
            let script = node["script"] as? [String: Any]
            if let image = (script?["dockerimage"] as? String) ?? (node["dockerimage"] as? String), !image.isEmpty {
                return ComponentImage(directory: directory, image: image.trimmingCharacters(in: .whitespaces), yaml: path)
            }
        }
        return ComponentImage(directory: directory, image: nil, yaml: first)
    }

    /// What runs the tests inside an image: the demisto images hold the integration's libraries but
    /// no pytest, so flow mounts this set (pure-Python wheels, the tools' pytest pins and what they
    /// need on Python 3.10+), installed by `flow test-requirements install`, as demisto-sdk adds
    /// pytest to the test image it builds.
    public static let pytestSet = TestRequirements(
        pins: [
            "pytest==9.2.0", "pluggy==1.7.0", "iniconfig==2.3.1", "packaging==24.2", "Pygments==2.21.0",
            "exceptiongroup==1.3.0", "tomli==2.2.1", "pytest-mock==3.17.0", "requests-mock==1.12.1", "freezegun==1.5.5",
        ], file: "flow's pytest set for test images")
    /// Pure-Python wheels only: the image's Python is not the host's.
    public static let pytestSetPipArguments = [
        "--only-binary=:all:", "--implementation", "py", "--abi", "none", "--platform", "any", "--python-version", "3.10",
    ]

    /// The container engines flow drives, in the order it prefers them.
    public static let engines = ["docker", "podman"]

    /// The first engine on PATH (its name and path), or nil.
    public static func engine(path: String?) -> (name: String, path: String)? {
        for name in engines {
            if let found = ProcessRunner.locate(name, path: path) { return (name, found) }
        }
        return nil
    }

    /// `docker run` of `argv` in `image`, as demisto-sdk runs a component's tests: the repository
    /// mounted at its own path (so every argument of the host run means the same inside), the
    /// component's directory as the working directory, the environment's variables passed on,
    /// and each other directory on PYTHONPATH (the CommonServerPython copies, the pytest set)
    /// mounted read-only at its own path.
    public static func wrap(
        _ argv: [String], engine: String, image: String, root: String, workdir: String, environment: [String: String]
    ) -> [String] {
        var command = [engine, "run", "--rm", "--network", "none", "-v", "\(root):\(root)", "-w", workdir]
        var mounted: [String] = [root]
        for entry in (environment["PYTHONPATH"] ?? "").split(separator: ":").map(String.init) where entry.hasPrefix("/") {
            if mounted.contains(where: { entry == $0 || entry.hasPrefix($0 + "/") }) { continue }
            mounted.append(entry)
            command += ["-v", "\(entry):\(entry):ro"]
        }
        for key in environment.keys.sorted() { command += ["-e", "\(key)=\(environment[key] ?? "")"] }
        return command + [image] + argv
    }
}
