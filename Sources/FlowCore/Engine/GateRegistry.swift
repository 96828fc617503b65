/// Every gate flow knows, by stable id.
public enum GateRegistry {
    public static let all: [any Gate.Type] = [
        GitRepositoryGate.self,
        GitRemoteGate.self,
        GitPrFiledGate.self,
        GitReviewBumpGate.self,
        GitBranchGate.self,
        GitStagedGate.self,
        GitNoArtifactsGate.self,
        GitCleanGate.self,
        GitTagOnHeadGate.self,
        GitMergedGate.self,
        GitContainedInMainGate.self,
        CommandGate.self,
        RepoPacksDirGate.self,
        RepoGitignoreGate.self,
        PackNameSafeGate.self,
        PackMetadataGate.self,
        PackInitialVersionGate.self,
        PackReleaseNotesGate.self,
        PackIgnoreFilesGate.self,
        PackReadmeGate.self,
        PackTestsForSourcesGate.self,
        PackFunctionsTestedGate.self,
        PackLogoGate.self,
        PackNoLinksGate.self,
        PackPartnerContactGate.self,
        PackSupportUnchangedGate.self,
        PackCodeYamlGate.self,
        PackFetchGate.self,
        PackFetchContentGate.self,
        PackCodeConventionsGate.self,
        PackIntegrationConventionsGate.self,
        DocsUpdatedWithChangeGate.self,
        DocsAsciiGate.self,
        DocsReadmeSectionsGate.self,
        DocsReadmeTablesGate.self,
        DocsTemplateTextGate.self,
        DocsReleaseNotesFormatGate.self,
        DocsDescriptionParamsGate.self,
        EvidencePassedGate.self,
        EvidenceFreshGate.self,
    ]

    private static let byID: [String: any Gate.Type] = Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0) })

    public static func gate(_ id: String) -> (any Gate.Type)? { byID[id] }

    public static var ids: [String] { all.map { $0.id } }
}
