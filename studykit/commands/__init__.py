"""One module per `studykit` subcommand; each has `register(subparsers)`."""
