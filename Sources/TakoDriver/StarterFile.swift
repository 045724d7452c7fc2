/// The file `takoc init` writes: small, commented, and clean under `takoc check`.
public enum StarterFile {
    public static let text = """
        # tako.yml: what this repository runs, and how other repositories' events start it.
        # The language: docs/language.md of the tako project. Check this file with 'takoc check'.
        version: "1"

        # What this repository publishes. Without 'artifacts', it has one named 'default';
        # other repositories subscribe to OWNER/REPO:ARTIFACT.
        # artifacts:
        #   lib:
        #     path: ./go.mod

        workflows:
          # 'takoc plan --repo OWNER/REPO --workflow release --input version=1.0.0' plans it.
          release:
            inputs:
              version: { type: string, required: true }
            steps:
              - id: build
                # Runs with 'sh -c' at the root of the checkout. Quote values in commands.
                run: echo "building {{ inputs.version | shell_quote }}" && echo build-1
                produces:
                  outputs:
                    build_id: from_stdout        # the step's standard output, trimmed
                  events:
                    - type: released
                      schema_version: "1.0.0"
                      payload:
                        version: "{{ inputs.version }}"
                        build_id: "{{ outputs.build_id }}"
              # Publishes 'released' and starts every subscribed workflow elsewhere.
              - id: announce
                uses: tako/fan-out@v1
                with:
                  event_type: released

        # Events of other repositories that start a workflow here.
        # subscriptions:
        #   - artifact: acme/core-lib:default
        #     events: [library_built]
        #     schema_version: ^1.0.0
        #     workflow: release
        #     inputs:
        #       version: "{{ event.payload.version }}"

        """
}
