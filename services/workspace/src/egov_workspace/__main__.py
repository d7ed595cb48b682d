from egov_workspace.bootstrap import build
from egov_workspace.settings import WorkspaceSettings


def main() -> None:
    runtime, app = build(WorkspaceSettings())
    runtime.main(app)


if __name__ == "__main__":
    main()
