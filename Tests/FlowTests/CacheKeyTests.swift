import Crypto
import FlowCore
import Foundation
import Testing
import Yams

@testable import FlowKit

/// The keys of what the hook caches (content-gate passes, the gate list) change with everything
/// they stand for, and the hand-written texts behind them answer as the general forms would.
@Suite("cache keys")
struct CacheKeyTests {
    @Test(
        "a scalar typed without Yams' resolver is typed as the resolver types it: a plain decimal is its int, text that cannot start an int is none"
    )
    func plainDecimalAnswersAsTheResolver() throws {
        var samples = [
            "0", "1", "7", "42", "200", "007", "010", "0x1F", "+1", "-1", "1_000", "1:30", "1.5", "1e3", "", " 1", "1 ",
            "123456789012345678", "1234567890123456789", "٣", "true", "~", "null",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let alphabet = Array("0123456789+-_:x.eabfoO ")
            samples.append(String((0..<Int.random(in: 1...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        samples += ["S19", "xsoar", "a1", ".5", "_1", "o17", "Infinity", "-", "+", "-0x1", "+0b101"]
        for text in samples {
            let node = Node(text)
            if YAMLInteger.cannotBeInteger(text) { #expect(Resolver.default.resolveTag(of: node) != .int, "\(text)") }
            guard let fast = YAMLInteger.plainDecimal(text) else { continue }
            #expect(Resolver.default.resolveTag(of: node) == .int, "\(text)")
            #expect(node.int == fast, "\(text)")
        }
        #expect(YAMLInteger.plainDecimal("200") == 200 && YAMLInteger.plainDecimal("010") == nil && YAMLInteger.plainDecimal("1_0") == nil)
    }

    /// One change to each setting of the configuration.
    static let changes: [String: (inout ProjectConfig) -> Void] = [
        "schemaVersion": { $0.schemaVersion += 1 },
        "workflow": { $0.workflow = "xsoar-marketplace" },
        "packs": { $0.packs.append("Other") },
        "packType": { $0.packType = "marketplace" },
        "platform": { $0.platform = "xsiam" },
        "author": { $0.author = "Someone Else" },
        "category": { $0.category = "Network Security" },
        "support": { $0.support = "partner" },
        "zipDir": { $0.zipDir = "/tmp/zips" },
        "instanceURL": { $0.instanceURL = "https://xsoar.example.com" },
        "mainBranch": { $0.mainBranch = "master" },
        "featurePrefix": { $0.featurePrefix = "feat/" },
        "tagFormat": { $0.tagFormat = "{pack}-v{version}" },
        "packsRoot": { $0.packsRoot = "Content/Packs" },
        "released": { $0.released["Demo"] = "1.2.0" },
        "commonServer": { $0.commonServer = "stand-ins" },
        "commitConvention": { $0.commitConvention = true },
        "firstPRFiled": { $0.firstPRFiled = false },
        "hooks": { $0.hooks = "manual" },
        "allowSkippedValidate": { $0.allowSkippedValidate = true },
        "testsInImage": { $0.testsInImage = true },
        "baseline": { $0.baseline = Baseline(entries: [.init(pack: "Demo", gate: "pack.logo", finding: "no logo")]) },
        "exceptions": { $0.exceptions = [GateException(pack: "Demo", gate: "pack.logo", reason: "the vendor has none")] },
    ]

    @Test("the configuration's fingerprint names every setting, and each setting changes it")
    func configFingerprintCoversEverySetting() {
        let base = ProjectConfig(workflow: "xsoar-local", packs: ["Demo"], author: "Me")
        let properties = Mirror(reflecting: base).children.compactMap(\.label)
        #expect(base.fingerprintFields.map(\.label) == properties, "a new setting needs its line in ProjectConfig.fingerprintFields")
        #expect(Set(Self.changes.keys) == Set(properties), "a new setting needs a change here")
        for (label, change) in Self.changes {
            var changed = base
            change(&changed)
            #expect(changed.fingerprint != base.fingerprint, "changing \(label) must change the fingerprint")
        }
        // Values that a plain join would confuse.
        #expect(ProjectConfig(packs: ["A", "B"]).fingerprint != ProjectConfig(packs: ["A\n=1:B"]).fingerprint)
        #expect(ProjectConfig(author: nil).fingerprint != ProjectConfig(author: "-").fingerprint)
        #expect(ProjectConfig(released: ["A": "1", "B": "2"]).fingerprint != ProjectConfig(released: ["A": "2", "B": "1"]).fingerprint)
    }

    @Test("the gates' fingerprint changes with a gate, its order and each parameter")
    func gatesFingerprint() {
        let a = GateUse(id: "pack.readme", params: GateParams(["min": .int(3)]))
        let b = GateUse(id: "docs.ascii")
        let base = CommitPolicy(uses: [a, b]).fingerprint
        let variants: [[GateUse]] = [
            [b, a], [a], [a, b, GateUse(id: "pack.logo")],
            [GateUse(id: "pack.readme", params: GateParams(["min": .int(4)])), b],
            [GateUse(id: "pack.readme", params: GateParams(["min": .string("3")])), b],
            [GateUse(id: "pack.readme", params: GateParams(["min": .list([.int(3)])])), b],
            [GateUse(id: "pack.readme", params: GateParams(["min": .int(3), "max": .bool(true)])), b],
            [GateUse(id: "pack.readme", params: GateParams(["mix": .int(3)])), b],
        ]
        for uses in variants { #expect(CommitPolicy(uses: uses).fingerprint != base, "\(uses.map(\.id))") }
        // Parameter order in the workflow does not matter; the key is sorted.
        let twoParams = CommitPolicy(uses: [GateUse(id: "g", params: GateParams(["x": .int(1), "y": .int(2)]))]).fingerprint
        #expect(twoParams == CommitPolicy(uses: [GateUse(id: "g", params: GateParams(["y": .int(2), "x": .int(1)]))]).fingerprint)
        #expect(
            CommitPolicy(uses: [GateUse(id: "g", params: GateParams(["x": .list([.string("a"), .string("b")])]))]).fingerprint
                != CommitPolicy(uses: [GateUse(id: "g", params: GateParams(["x": .list([.string("ab")])]))]).fingerprint)
    }

    @Test("hexadecimal digests by table equal String(format:)")
    func hexMatchesFormat() {
        let bytes = (0...255).map(UInt8.init)
        #expect(Hex.string(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        let digest = SHA256.hash(data: Data("flow".utf8))
        #expect(Hex.string(digest) == digest.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.string([UInt8]()) == "")
    }

    @Test("the gate list is stored as its fingerprint and read back exactly; another key or a damaged file is not used")
    func gateListCache() throws {
        let gates = CommitPolicy(uses: [
            GateUse(id: "pack.readme", params: GateParams(["min": .int(3), "neg": .int(-12)])),
            GateUse(id: "docs.ascii"),
            GateUse(
                id: "x",
                params: GateParams([
                    "s": .string("a\nb=3:é😀"), "l": .list([.bool(true), .list([]), .string("")]),
                    "b": .bool(false),
                ])),
        ])
        let data = try #require(CommitPolicyCache.encode(gates, key: "xsoar-local|shipped|1:2"))
        let cached = try #require(CommitPolicyCache.cached(data, key: "xsoar-local|shipped|1:2"))
        #expect(cached.fingerprint == gates.fingerprint)
        #expect(cached.gates.uses == gates.uses)
        #expect(CommitPolicy(fingerprint: CommitPolicy(uses: []).fingerprint)?.uses == [])
        #expect(CommitPolicyCache.cached(data, key: "xsoar-local|shipped|1:3") == nil)
        #expect(CommitPolicyCache.cached(Data(), key: "") == nil)
        #expect(CommitPolicyCache.encode(gates, key: "a\nb") == nil)
        // Any truncation, and any changed byte that still reads as gates must not be these gates.
        for cut in 1..<data.count {
            if let damaged = CommitPolicyCache.cached(Data(data.prefix(cut)), key: "xsoar-local|shipped|1:2") {
                #expect(damaged.gates.uses != gates.uses || cut == data.count)
            }
        }
        var flipped = [UInt8](data)
        for index in stride(from: 30, to: flipped.count, by: 7) {
            flipped[index] ^= 0x01
            if let read = CommitPolicyCache.cached(Data(flipped), key: "xsoar-local|shipped|1:2") {
                #expect(read.gates.fingerprint == read.fingerprint)
            }
            flipped[index] ^= 0x01
        }
    }
}
