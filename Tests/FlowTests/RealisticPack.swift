import FlowCore

/// A HelloWorld-shaped pack written for flow's tests (not copied from anywhere): an integration with
/// several commands, fetch-incidents (with its incident type, field, classifier and mapper), list arguments, unit tests, a README in the seed's structure
/// and release notes in the official format; its reputation command has the reliability parameter (IN154). Every content gate must pass on it.
enum RealisticPack {
    static let pack = "Demo"
    static let dir = "Packs/Demo/Integrations/AcmeAlerts"

    static let code = """
        import demistomock as demisto  # noqa: F401
        from CommonServerPython import *  # noqa: F401

        MAX_FETCH = 50


        class Client(BaseClient):
            def get_alert(self, alert_id: str) -> dict:
                return self._http_request('GET', f'/alerts/{alert_id}')

            def search_alerts(self, severities: list, limit: int, since: str | None = None) -> list:
                return self._http_request('GET', '/alerts', params={'severity': ','.join(severities), 'limit': limit, 'since': since})


        def test_module(client: Client) -> str:
            client.search_alerts([], 1)
            return 'ok'


        def get_alert_command(client: Client, args: dict) -> CommandResults:
            alert = client.get_alert(args['alert_id'])
            return CommandResults(outputs_prefix='Acme.Alert', outputs_key_field='id', outputs=alert)


        def search_alerts_command(client: Client, args: dict) -> CommandResults:
            severities = argToList(args.get('severity'))
            limit = arg_to_number(args.get('limit', 50)) or 50
            alerts = client.search_alerts(severities, limit)
            return CommandResults(outputs_prefix='Acme.Alert', outputs_key_field='id', outputs=alerts)


        def ip_command(client: Client, args: dict, reliability: str) -> list:
            results = []
            for ip in argToList(args.get('ip')):
                outputs = {'address': ip, 'reliability': reliability}
                results.append(CommandResults(outputs_prefix='Acme.IP', outputs_key_field='address', outputs=outputs))
            return results


        def fetch_incidents(client: Client, last_run: dict, first_fetch: str, max_fetch: int) -> tuple:
            since = last_run.get('last_fetch', first_fetch)
            seen = set(last_run.get('ids', []))
            incidents = []
            for alert in client.search_alerts([], max_fetch, since):
                if alert['id'] in seen:
                    continue
                incidents.append({'name': alert['name'], 'occurred': alert['created'], 'rawJSON': json.dumps(alert)})
            return {'last_fetch': since, 'ids': list(seen)}, incidents


        def main() -> None:
            params = demisto.params()
            args = demisto.args()
            command = demisto.command()
            demisto.debug(f'Command being called is {command}')
            try:
                client = Client(base_url=params.get('url'), verify=not params.get('insecure', False),
                                proxy=params.get('proxy', False), headers={'Authorization': params.get('credentials', {}).get('password')})
                if command == 'test-module':
                    return_results(test_module(client))
                elif command == 'fetch-incidents':
                    next_run, incidents = fetch_incidents(client, demisto.getLastRun(), params.get('first_fetch', '3 days'),
                                                          arg_to_number(params.get('max_fetch')) or MAX_FETCH)
                    demisto.setLastRun(next_run)
                    demisto.incidents(incidents)
                elif command == 'acme-get-alert':
                    return_results(get_alert_command(client, args))
                elif command == 'acme-search-alerts':
                    return_results(search_alerts_command(client, args))
                elif command == 'ip':
                    return_results(ip_command(client, args, params.get('integrationReliability')))
                else:
                    raise NotImplementedError(f'{command} is not implemented')
            except Exception as e:
                return_error(f'Failed to execute {command} command.\\nError:\\n{str(e)}')


        if __name__ in ('__main__', '__builtin__', 'builtins'):
            main()

        """

    static let tests = """
        import AcmeAlerts
        from AcmeAlerts import Client, fetch_incidents, get_alert_command, ip_command, search_alerts_command


        class FakeClient(Client):
            def __init__(self, alerts):
                self.alerts = alerts

            def search_alerts(self, severities, limit, since=None):
                return self.alerts[:limit]

            def get_alert(self, alert_id):
                return {'id': alert_id}


        def test_fetch_incidents_empty():
            next_run, incidents = fetch_incidents(FakeClient([]), {}, '3 days', 10)
            assert incidents == []


        def test_get_alert():
            assert get_alert_command(FakeClient([]), {'alert_id': '1'}).outputs == {'id': '1'}


        def test_test_module():
            assert AcmeAlerts.test_module(FakeClient([])) == 'ok'


        def test_search_alerts():
            result = search_alerts_command(FakeClient([{'id': '1'}, {'id': '2'}]), {'severity': 'high', 'limit': '1'})
            assert result.outputs == [{'id': '1'}]


        def test_ip():
            results = ip_command(FakeClient([]), {'ip': '1.1.1.1'}, 'B - Usually reliable')
            assert results[0].outputs == {'address': '1.1.1.1', 'reliability': 'B - Usually reliable'}

        """

    static let yaml = """
        commonfields:
          id: AcmeAlerts
          version: -1
        name: AcmeAlerts
        display: Acme Alerts
        category: Data Enrichment & Threat Intelligence
        description: Fetches and searches Acme alerts.
        configuration:
        - display: Server URL
          name: url
          defaultvalue: https://api.acme.example.com
          type: 0
          required: true
        - display: API Key
          name: credentials
          type: 9
          required: true
        - display: Fetch incidents
          name: isFetch
          type: 8
          required: false
        - display: Incident type
          name: incidentType
          defaultvalue: Acme Alert
          type: 13
          required: false
        - display: Maximum number of incidents per fetch
          name: max_fetch
          defaultvalue: '50'
          type: 0
          required: false
        - display: First fetch time
          name: first_fetch
          defaultvalue: 3 days
          type: 0
          required: false
        - display: Trust any certificate (not secure)
          name: insecure
          type: 8
          required: false
        - display: Use system proxy settings
          name: proxy
          type: 8
          required: false
        - display: Source Reliability
          name: integrationReliability
          defaultvalue: C - Fairly reliable
          type: 15
          required: true
          options:
          - A+ - 3rd party enrichment
          - A - Completely reliable
          - B - Usually reliable
          - C - Fairly reliable
          - D - Not usually reliable
          - E - Unreliable
          - F - Reliability cannot be judged
        script:
          script: '-'
          type: python
          subtype: python3
          dockerimage: demisto/python3:3.10.14.100715
          isfetch: true
          commands:
          - name: acme-get-alert
            description: Gets one alert.
            arguments:
            - name: alert_id
              description: The alert ID.
              required: true
            outputs:
            - contextPath: Acme.Alert.id
              description: The alert ID.
              type: String
            - contextPath: Acme.Alert.name
              description: The alert name.
              type: String
          - name: acme-search-alerts
            description: Searches alerts.
            arguments:
            - name: severity
              description: Comma-separated severities.
              isArray: true
            - name: limit
              description: The most alerts to return.
              defaultValue: '50'
            outputs:
            - contextPath: Acme.Alert.id
              description: The alert ID.
              type: String
          - name: ip
            description: Reputation of IP addresses.
            arguments:
            - name: ip
              description: Comma-separated IP addresses.
              isArray: true
              default: true
            outputs:
            - contextPath: Acme.IP.address
              description: The address.
              type: String
        defaultclassifier: AcmeAlerts
        defaultmapperin: AcmeAlerts-mapper
        fromversion: 6.10.0
        tests:
        - No tests

        """

    static func commandDoc(_ name: String, _ args: [String], _ outputs: [(String, String)]) -> String {
        var text =
            "### \(name)\n\n***\nRuns \(name) against the Acme API.\n\n#### Input\n\n| **Argument Name** | **Description** | **Required** |\n| --- | --- | --- |\n"
        text += args.map { "| \($0) | The \($0). | Optional |\n" }.joined()
        text += "\n#### Context Output\n\n| **Path** | **Type** | **Description** |\n| --- | --- | --- |\n"
        text += outputs.map { "| \($0.0) | \($0.1) | The value. |\n" }.joined()
        text += "\n#### Command Example\n\n```\n!\(name)\n```\n\n#### Human Readable Output\n\n> A table of results.\n\n"
        return text
    }

    static let readme = """
        # Demo

        The Demo pack connects Cortex XSOAR to the Acme alerting service: it fetches Acme alerts as incidents and lets analysts search alerts and check IP reputation.

        ## Dependencies

        *No dependencies*

        ## Integrations

        ### Acme Alerts

        Fetches alerts from the Acme REST API and searches them on demand.

        #### Authentication

        An API key from the Acme console (Settings, API Keys) with read access to alerts.

        #### Configuration

        | Parameter | Description | Required | Default |
        | --- | --- | --- | --- |
        | Server URL | The Acme API URL. | True | `https://api.acme.example.com` |
        | API Key | The Acme API key. | True | |

        #### Commands

        | Command | Description |
        | --- | --- |
        | acme-get-alert | Gets one alert. |
        | acme-search-alerts | Searches alerts. |
        | ip | Reputation of IP addresses. |

        ---

        """
        + commandDoc("acme-get-alert", ["alert_id"], [("Acme.Alert.id", "String"), ("Acme.Alert.name", "String")])
        + commandDoc("acme-search-alerts", ["severity", "limit"], [("Acme.Alert.id", "String")])
        + commandDoc("ip", ["ip"], [("Acme.IP.address", "String")])
            + """
            ## Known Limitations

            - The Acme API allows 100 requests a minute.

            ## Troubleshooting

            | Issue | Solution |
            | --- | --- |
            | 401 Unauthorized | Check the API key. |

            """

    static let metadata = """
        {"name": "Demo", "description": "Acme alerts for Cortex XSOAR", "support": "partner", "currentVersion": "1.0.0",
         "author": "Acme", "url": "https://support.acme.example.com", "email": "", "created": "2026-01-01T00:00:00Z",
         "categories": ["Data Enrichment & Threat Intelligence"], "marketplaces": ["xsoar"]}
        """

    static let notes = "#### Integrations\n\n##### Acme Alerts\n\n- Initial release of **Acme Alerts**.\n- Fetches alerts as incidents.\n"

    /// Every file of the pack, by path from the repository root.
    static let files: [(String, String)] = [
        ("Packs/Demo/pack_metadata.json", metadata),
        ("Packs/Demo/README.md", readme),
        ("Packs/Demo/ReleaseNotes/1_0_0.md", notes),
        ("\(dir)/AcmeAlerts.py", code),
        ("\(dir)/AcmeAlerts_test.py", tests),
        ("\(dir)/AcmeAlerts.yml", yaml),
        (
            "\(dir)/AcmeAlerts_description.md",
            "## Acme Alerts\n\nCreate an API key in the Acme console and paste it here. Source Reliability sets how far the IP verdicts are trusted.\n"
        ),
        ("\(dir)/README.md", "Fetches and searches Acme alerts.\n"),
        (
            "Packs/Demo/IncidentTypes/incidenttype-Acme_Alert.json",
            #"{"id": "Acme Alert", "name": "Acme Alert", "version": -1, "fromVersion": "6.0.0"}"#
        ),
        (
            "Packs/Demo/IncidentFields/incidentfield-Acme_AlertID.json",
            #"{"id": "incident_acmealertid", "name": "Acme Alert ID", "cliName": "acmealertid", "type": "shortText", "associatedTypes": ["Acme Alert"], "content": true}"#
        ),
        (
            "Packs/Demo/Classifiers/classifier-AcmeAlerts.json",
            #"{"id": "AcmeAlerts", "name": "AcmeAlerts - Classifier", "type": "classification", "defaultIncidentType": "Acme Alert", "keyTypeMap": {}, "transformer": {}}"#
        ),
        (
            "Packs/Demo/Classifiers/classifier-mapper-incoming-AcmeAlerts.json",
            #"{"id": "AcmeAlerts-mapper", "name": "AcmeAlerts - Incoming Mapper", "type": "mapping-incoming", "mapping": {"Acme Alert": {"internalMapping": {"Acme Alert ID": {"simple": "id"}}}}}"#
        ),
    ]

    static var steps: [RepoStep] { initialCommit + files.map { RepoStep.write($0.0, $0.1) } + [.stage(["Packs"])] }
}

/// A pack README in the seed's mandatory structure, for tests whose packs have no command YAML
/// (an integration named `integration`) or scripts with their arguments.
enum PackReadme {
    static func complete(pack: String, integration: String? = nil, scripts: [(name: String, args: [String])] = []) -> String {
        var text = "# \(pack)\n\nThe \(pack) pack is a small test pack that greets people, used by flow's tests of the lifecycle.\n\n"
        text += "## Dependencies\n\n*No dependencies*\n\n"
        if let integration {
            text += "## Integrations\n\n### \(integration)\n\nSays hello.\n\n#### Authentication\n\nNone.\n\n"
            text += "#### Configuration\n\nNo parameters.\n\n#### Commands\n\nNone yet.\n\n"
        }
        if !scripts.isEmpty {
            text += "## Scripts\n\n"
            for script in scripts {
                text += "### \(script.name)\n\nGreets a name.\n\n| Argument | Description |\n| --- | --- |\n"
                text += script.args.map { "| \($0) | The \($0). |\n" }.joined() + "\n"
            }
        }
        text += "## Known Limitations\n\n- One greeting at a time.\n\n"
        return text + "## Troubleshooting\n\n| Issue | Solution |\n| --- | --- |\n| No greeting | Check the name. |\n"
    }
}
