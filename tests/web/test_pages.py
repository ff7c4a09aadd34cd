"""The privacy page the store listing links to."""

from __future__ import annotations


def test_the_privacy_page_says_what_is_kept_and_how_to_delete_it(client):
    response = client.get("/privacy?locale=en-US")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "What is kept" in page and "forget my history" in page and "disable the skill" in page
    # The address shown is the configured one, never the request's Host header.
    spoofed = client.get("/privacy", headers={"Host": "evil.example"}).get_data(as_text=True)
    assert "https://warmup.example.com" in spoofed and "evil.example" not in spoofed


def test_an_unknown_locale_gets_the_english_page(client):
    response = client.get("/privacy?locale=<script>")
    assert response.status_code == 200 and "<script>" not in response.get_data(as_text=True)
    assert 'lang="en"' in response.get_data(as_text=True)
