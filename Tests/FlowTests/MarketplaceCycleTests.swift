import FlowCore
import FlowKit
import Testing

@Suite("The marketplace cycle: 1.0.0 on the first PR, then 0.0.1 per review round")
struct MarketplaceCycleTests {
    func outcome(_ version: String, filed: Bool?) throws -> GateOutcome {
        let repo = try TempRepo()
        try repo.apply(
            initialCommit + [
                .write(
                    "Packs/Demo/pack_metadata.json",
                    """
                    {"name": "Demo", "description": "d", "support": "community", "currentVersion": "\(version)", "author": "A",
                     "created": "2026-01-01T00:00:00Z", "categories": ["Utilities"]}
                    """)
            ])
        let context = try makeContext(repo, config: ProjectConfig(packs: ["Demo"], firstPRFiled: filed), pack: "Demo")
        return try PackInitialVersionGate.evaluate(GateParams(["strict": .bool(true)]), context)
    }

    @Test func beforeTheFirstPRTheVersionStaysAt100() throws {
        #expect(try outcome("1.0.0", filed: nil).passed)
        let bumped = try outcome("1.0.1", filed: nil)
        #expect(!bumped.passed)
        #expect(bumped.fix?.contains("firstPRFiled: true") == true)
    }

    @Test func afterItEachReviewRoundBumpsThePatch() throws {
        #expect(try outcome("1.0.1", filed: true).passed)
        #expect(try outcome("1.0.3", filed: true).passed)
        let minor = try outcome("1.1.0", filed: true)
        #expect(!minor.passed)
        #expect(minor.reasons.first?.contains("a review round bumps 1.0.0 by 0.0.1") == true)
    }
}
