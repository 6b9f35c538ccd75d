"""cppcc-plan: YAML year files of CPPCC offices → GB/T 9704 Word documents."""

__version__ = "0.1.0"
