import FlowCore
import FlowKit
import Foundation
import Testing

@Suite("Flow-Evidence trailer")
struct EvidenceTrailerTests {
    let tree = "0123456789abcdef0123456789abcdef01234567"

    @Test func escapesStripped() {
        #expect(Console.stripEscapes("\u{1B}[31mPacks/Tiny: [PA107]\u{1B}[0m done") == "Packs/Tiny: [PA107] done")
    }

    @Test func roundTrip() {
        let trailer = EvidenceTrailer(pack: "Demo", tree: tree, checks: ["test", "lint", "validate"])
        #expect(trailer.line == "Flow-Evidence: pack=Demo tree=\(tree) checks=test,lint,validate")
        #expect(EvidenceTrailer.parse(trailer.line) == trailer)
    }

    @Test(arguments: [
        "Flow-Evidence: pack=Demo tree=abc checks=test",
        "Flow-Evidence: pack=Demo tree=0123456789ABCDEF0123456789abcdef01234567 checks=test",
        "Flow-Evidence: pack=Demo tree=0123456789abcdef0123456789abcdef01234567 checks=",
        "Flow-Evidence: pack=Demo tree=0123456789abcdef0123456789abcdef01234567 checks=test,,lint",
        "Flow-Evidence: pack=../x tree=0123456789abcdef0123456789abcdef01234567 checks=test",
        "Flow-Evidence: tree=0123456789abcdef0123456789abcdef01234567 pack=Demo checks=test",
        "Flow-Evidence:  pack=Demo tree=0123456789abcdef0123456789abcdef01234567 checks=test",
    ])
    func malformedRefused(_ line: String) {
        #expect(EvidenceTrailer.parse(line) == nil)
    }

    @Test func applyKeepsCommentsAndIsIdempotent() {
        let trailer = EvidenceTrailer(pack: "Demo", tree: tree, checks: ["test"])
        let message = "Subject\n\nBody text.\n\n# Please enter the commit message\n# Lines starting with '#' are ignored\n"
        let once = EvidenceTrailer.apply([trailer], to: message)
        #expect(
            once == "Subject\n\nBody text.\n\n\(trailer.line)\n\n# Please enter the commit message\n# Lines starting with '#' are ignored\n"
        )
        #expect(EvidenceTrailer.apply([trailer], to: once) == once)
        let signed = EvidenceTrailer.apply([trailer], to: "Subject\n\nSigned-off-by: A <a@b>\n")
        #expect(signed == "Subject\n\nSigned-off-by: A <a@b>\n\(trailer.line)\n")
    }

    /// A conventional subject ("chore: x") looks like a trailer line: the trailer still goes into
    /// a paragraph of its own, or git reads none and the subject swallows it.
    @Test("a subject that looks like a trailer still gets the blank line")
    func conventionalSubjectKeepsItsBlankLine() {
        let trailer = EvidenceTrailer(pack: "Demo", tree: tree, checks: ["test"])
        #expect(
            EvidenceTrailer.apply([trailer], to: "chore: the first PR is filed\n") == "chore: the first PR is filed\n\n\(trailer.line)\n")
        #expect(EvidenceTrailer.apply([trailer], to: "feat(Demo): x\n\n# comment\n") == "feat(Demo): x\n\n\(trailer.line)\n\n# comment\n")
    }
}
