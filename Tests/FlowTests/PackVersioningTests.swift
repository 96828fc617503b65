import FlowCore
import FlowKit
import Foundation
import Testing

@Suite("Pack version bump")
struct PackVersioningTests {
    @Test func replacesOnlyTheVersionValue() throws {
        let before = ReleasePackRepo.metadata("1.2.3")
        let after = try PackVersioning.bump(before, to: SemVer(1, 2, 4), path: "Packs/Demo/pack_metadata.json")
        #expect(after == ReleasePackRepo.metadata("1.2.4"))
    }

    @Test func refusesANonSemverVersionNamingTheFile() {
        do {
            _ = try PackVersioning.bump(ReleasePackRepo.metadata("1.0"), to: SemVer(1, 0, 1), path: "Packs/Demo/pack_metadata.json")
            Issue.record("a non-semver version was bumped")
        } catch let error as FlowError {
            #expect(error.status == .invalidInput)
            #expect(error.message.contains("Packs/Demo/pack_metadata.json"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}

@Suite("Tool output")
struct ToolOutputTests {
    @Test func stripsColourEscapes() {
        #expect(withoutANSI("\u{1B}[31mPacks/Demo: [PA107]\u{1B}[0m done") == "Packs/Demo: [PA107] done")
    }
}
