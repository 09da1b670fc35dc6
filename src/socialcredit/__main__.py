"""``python -m socialcredit``: the ``socialcredit`` command, for environments without it on
the path."""

from socialcredit.cli import main

if __name__ == "__main__":
    main()
