import Foundation

/// Release-notes rules: a file per version, in the official format, with no template text left.
public enum ReleaseNotes {
    /// Each leftover placeholder or empty body, as `line:column: problem`. Lines end in LF or
    /// CRLF (release notes written on Windows are as valid), read by `TextScan.lines`.
    public static func problems(in text: String) -> [String] {
        var problems: [String] = []
        var meaningful = false
        for (index, line) in TextScan.lines(text).enumerated() {
            if let range = line.range(of: "%%") {
                let column = line.distance(from: line.startIndex, to: range.lowerBound) + 1
                let end = line[range.upperBound...].range(of: "%%").map { line[range.lowerBound..<$0.upperBound] }
                problems.append("\(index + 1):\(column): placeholder \(end.map(String.init) ?? "%%") left in the release notes")
            }
            let trimmed = line.trimmingWhitespace()
            if trimmed.hasPrefix("-") || trimmed.hasPrefix("*"), trimmed.count > 2 { meaningful = true }
        }
        if !meaningful && problems.isEmpty { problems.append("1:1: the release notes have no entry (a `- ` line saying what changed)") }
        return problems
    }

    /// The `#### <Content type>` heading demisto-sdk writes for the content in each pack folder.
    public static let headingOfFolder: [String: String] = [
        "Integrations": "Integrations", "Scripts": "Scripts", "Playbooks": "Playbooks", "IncidentFields": "Incident Fields",
        "IncidentTypes": "Incident Types", "IndicatorFields": "Indicator Fields", "IndicatorTypes": "Indicator Types",
        "Layouts": "Layouts", "Classifiers": "Classifiers", "Widgets": "Widgets", "Dashboards": "Dashboards", "Reports": "Reports",
        "Lists": "Lists", "Jobs": "Jobs", "Wizards": "Wizards", "ParsingRules": "Parsing Rules", "ModelingRules": "Modeling Rules",
        "CorrelationRules": "Correlation Rules", "XSIAMDashboards": "XSIAM Dashboards", "XSIAMReports": "XSIAM Reports",
        "LayoutRules": "Layout Rules", "AssetsModelingRules": "Assets Modeling Rules", "PreProcessRules": "PreProcess Rules",
        "GenericDefinitions": "Objects", "GenericModules": "Modules", "GenericTypes": "Object Types",
        "GenericFields": "Object Fields", "Triggers": "Triggers Recommendations", "XDRCTemplates": "XDRC Templates",
        "CaseLayouts": "Case Layouts", "CaseFields": "Case Fields", "CaseLayoutRules": "Case Layout Rules",
    ]

    /// How to write the release notes of a pack whose top-level folders are `folders`, named by
    /// the headings of the content it has; a pack without content items (a resell or partner
    /// pack) gets the `## <pack name>` section demisto-sdk update-release-notes writes for it.
    public static func format(folders: [String], packName: String) -> String {
        let headings = Set(folders.compactMap { headingOfFolder[$0] }).sorted()
        switch headings.count {
        case 0:
            return "`## \(packName)` then `- What changed.` (what demisto-sdk update-release-notes writes for a pack without content items)"
        case 1:
            return "`#### \(headings[0])` / `##### <Display Name>` / `- What changed.` for each changed item"
        default:
            return "a `#### <Content type>` heading per changed type (" + headings.joined(separator: ", ")
                + "), each with `##### <Display Name>` / `- What changed.` for each changed item"
        }
    }
}
