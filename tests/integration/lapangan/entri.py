"""Sending entries other than visits from the field app, as its script sends them."""

from __future__ import annotations

import base64
import io
import json
import uuid

from django.test import Client
from PIL import Image

URL = "/lapangan/entri/"


def send(client: Client, entry: dict):
    return client.post(URL, json.dumps(entry), content_type="application/json")


def key() -> str:
    return str(uuid.uuid4())


def jpeg() -> str:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 90, 60)).save(out, "JPEG", quality=70)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode()


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
