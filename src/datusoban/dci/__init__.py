"""The SPDCI Social Registry API (``/dci/``): other social-protection systems search the
registry in the standard's envelope, under the same scope, masking and audit as any read."""
