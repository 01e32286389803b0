"""The public pages answer, in Polish by default."""


def test_home_shows_helplines_in_polish(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="pl">' in page
    for number in ("112", "116 123", "116 111", "800 120 002"):
        assert number in page
