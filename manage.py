#!/usr/bin/env python
"""Django's command-line utility; the installed `lokaalwerk` command does the same."""

from lokaalwerk.__main__ import main

if __name__ == "__main__":
    main()
