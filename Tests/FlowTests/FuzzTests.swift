import FlowCore
import FlowKit
import Foundation
import Testing

/// Mutation fuzzing of the two decoders that read files a user (or a crash) can break: the
/// workflow loader and the state/evidence decoder. Seeded, bounded in time (FLOW_FUZZ_SECONDS,
/// default 5 s each), corpus in Tests/Fuzz/. The property: never a crash, always either a value
/// or a located diagnostic / FlowError with exit 2.
@Suite("Fuzzing the decoders")
struct FuzzTests {
    static var seconds: Double { Double(ProcessInfo.processInfo.environment["FLOW_FUZZ_SECONDS"] ?? "") ?? 5 }

    static func corpus(_ name: String) -> [Data] {
        let dir = SourceTree.root + "/Tests/Fuzz/" + name
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
            .compactMap { FileManager.default.contents(atPath: dir + "/" + $0) }
    }

    /// A small deterministic generator (SplitMix64) so a failure can be replayed from its seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let interesting: [[UInt8]] = [
        Array(":".utf8), Array("- ".utf8), Array("\n".utf8), Array("  ".utf8), Array("{".utf8), Array("]".utf8),
        Array("&a ".utf8), Array("*a".utf8), Array("!!binary ".utf8), Array("\"".utf8), Array("'".utf8),
        [0xFF], [0xC3], [0x00], Array("9999999999999999999999".utf8), Array("null".utf8), Array("-1".utf8),
        Array("schemaVersion".utf8), Array("\"schemaVersion\": 2,".utf8), Array("gates".utf8), Array("transitions".utf8),
    ]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &rng)
            case 1 where !bytes.isEmpty: bytes.remove(at: position)
            case 2: bytes.insert(contentsOf: interesting.randomElement(using: &rng) ?? [], at: position)
            case 3 where !bytes.isEmpty: bytes = Array(bytes.prefix(position))
            case 4 where bytes.count > 2:
                let end = min(bytes.count, position + Int.random(in: 1...40, using: &rng))
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &rng))
            default: bytes.append(contentsOf: interesting.randomElement(using: &rng) ?? [])
            }
        }
        return bytes
    }

    @Test func workflowLoaderNeverCrashes() {
        let corpus = Self.corpus("workflow")
        #expect(!corpus.isEmpty)
        var rng = SplitMix(state: 0xF10)
        let deadline = Date().addingTimeInterval(Self.seconds)
        var runs = 0
        while Date() < deadline {
            let input = Self.mutate(Array(corpus[runs % corpus.count]), &rng)
            let (workflow, problems) = WorkflowLoader.lint(data: Data(input), file: "fuzz.yml")
            // Either a clean workflow or at least one located problem.
            #expect(workflow != nil || !problems.isEmpty)
            #expect(problems.allSatisfy { $0.location.file == "fuzz.yml" && $0.location.line >= 0 })
            runs += 1
        }
        #expect(runs > 100)
    }

    @Test func stateDecoderNeverCrashes() throws {
        let corpus = Self.corpus("state")
        #expect(!corpus.isEmpty)
        let dir = NSTemporaryDirectory() + "flow-fuzz-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = StateStore(gitCommonDirectory: dir)
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        var rng = SplitMix(state: 0x5747E)
        let deadline = Date().addingTimeInterval(Self.seconds)
        var runs = 0
        while Date() < deadline {
            let input = Data(Self.mutate(Array(corpus[runs % corpus.count]), &rng))
            try input.write(to: URL(fileURLWithPath: store.statePath))
            try input.write(to: URL(fileURLWithPath: store.evidencePath))
            for load in [{ _ = try store.loadState() }, { _ = try store.loadEvidence() }] {
                do {
                    try load()
                } catch let error as FlowError {
                    #expect(error.status == .invalidInput)
                    #expect(error.message.contains(store.directory))
                }
            }
            runs += 1
        }
        #expect(runs > 100)
    }
}
