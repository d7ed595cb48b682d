from egov_example_handler.app import ExampleHandlerSettings, build


def main() -> None:
    build(ExampleHandlerSettings()).run()


if __name__ == "__main__":
    main()
