"""Django format modules (settings.FORMAT_MODULE_PATH): the one date style of every page."""
