"""Who gets into the desk, over real HTTP against the real process: no session, no desk (a
redirect that reveals nothing); no CSRF token, no change (403); nothing cached; failed
sign-ins slowed per address; sessions that end, are stored hashed and work on every instance;
desk accounts with a one-time password, reset and removed by `newsfeed desk`."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import time

import pytest
from databases import postgres_database
from desk_client import DESK_TOML, SEED_SLUG, TOKEN, DeskClient, csrf_of, feed, store_rows
from live import NEWSFEED, LiveService

pytestmark = pytest.mark.slow

PATHS = ["/desk", "/desk/", f"/desk/articles/{SEED_SLUG}", "/desk/articles/no-such-story",
         "/desk/new", "/desk/feeds", "/desk/password", "/desk/no/such/page", "/desk/login/../new"]


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    with LiveService(tmp_path_factory.mktemp("desk"), DESK_TOML) as service:
        service.drop_seed()
        yield service


def desk(svc, *args: str) -> subprocess.CompletedProcess:
    """`newsfeed desk ARGS` on the live service's config, so on its store."""
    return subprocess.run([str(NEWSFEED), "desk", *args, "--config", str(svc.config_path)],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def one_time_password(made: subprocess.CompletedProcess) -> str:
    assert made.returncode == 0, made.stderr
    assert "shown once" in made.stdout and "/desk/login" in made.stdout
    return re.search(r"^\s+(\S+)$", made.stdout, re.M).group(1)


def own_password(svc, name: str, password: str, address: str) -> DeskClient:
    """A browser signed in as `name` with its one-time `password`, then its own:
    `name`-password-0123."""
    client = DeskClient(svc, address)
    assert client.sign_in("", name=name, password=password).status_code == 303
    answer = client.post("/desk/password", data={
        "csrf_token": client.csrf("/desk/password"), "password": f"{name}-password-0123",
        "password_again": f"{name}-password-0123"})
    assert answer.headers["location"] == "/desk?password=1"
    assert client.get("/desk").status_code == 200
    return client


def listed(svc) -> dict[str, dict]:
    made = desk(svc, "list", "--json")
    assert made.returncode == 0, made.stderr
    return {a["name"]: a for a in json.loads(made.stdout)}


def test_without_a_session_every_desk_url_redirects_to_sign_in_and_reveals_nothing(svc):
    anonymous = DeskClient(svc)
    anonymous.http.cookies.set("newsfeed_desk", "made-up", path="/desk")
    for client in (DeskClient(svc), anonymous):
        for path in PATHS:
            answer = client.get(path)
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/desk/login"), path
            assert answer.content == b"" and answer.headers["cache-control"] == "no-store"
        # A story that exists and one that doesn't get the same answer but for their path.
        known = client.get(f"/desk/articles/{SEED_SLUG}").headers["location"]
        unknown = client.get("/desk/articles/no-such-story").headers["location"]
        assert known.replace(SEED_SLUG, "X") == unknown.replace("no-such-story", "X")
        before = feed(svc)
        for path in (f"/desk/articles/{SEED_SLUG}", f"/desk/articles/{SEED_SLUG}/delete",
                     "/desk/new/publish", "/desk/logout", "/desk/refused/discard"):
            answer = client.post(path, data={"title": "Changed", "date": "2020-01-01",
                                             "content": "x", "reason": "x", "csrf_token": "x"})
            assert (answer.status_code, answer.headers["location"]) == (303, "/desk/login")
        assert feed(svc) == before
    page = DeskClient(svc).get("/desk/login")
    assert page.status_code == 200 and "Rutte" not in page.text


def test_sign_in_with_a_token_gives_a_strict_http_only_session_stored_hashed(svc):
    client = DeskClient(svc)
    assert client.sign_in("not-the-token").status_code == 401
    client = DeskClient(svc, "198.51.100.1")  # a fresh address: not slowed by the failure
    answer = client.sign_in()
    assert (answer.status_code, answer.headers["location"]) == (303, "/desk")
    cookie = next(c for c in answer.headers.get_list("set-cookie")
                  if c.startswith("newsfeed_desk="))
    attributes = {a.strip().split("=")[0].lower() for a in cookie.split(";")[1:]}
    assert {"httponly", "path", "samesite", "max-age"} <= attributes
    assert "samesite=strict" in cookie.lower() and "path=/desk" in cookie.lower()
    assert "max-age=43200" in cookie.lower()  # [desk] session_hours, 12 by default
    assert "secure" not in attributes  # http://: a Secure cookie would never come back
    session_id = cookie.split(";")[0].split("=", 1)[1]
    rows = store_rows(svc, "SELECT id_hash, account FROM desk_sessions")
    assert (hashlib.sha256(session_id.encode()).hexdigest(),) in [(r[0],) for r in rows]
    assert not any(session_id in " ".join(map(str, r)) or TOKEN in " ".join(map(str, r))
                   for r in rows)
    home = client.get("/desk")
    assert home.status_code == 200 and "Rutte" in home.text
    assert "API token" in home.text  # who is signed in, never the token itself
    assert TOKEN not in home.text


def test_behind_https_the_cookies_are_secure(svc):
    behind_https = {"x-forwarded-proto": "https", "x-forwarded-for": "198.51.100.20"}
    client = DeskClient(svc)
    form = client.get("/desk/login", headers=behind_https)
    assert "; secure" in form.headers["set-cookie"].lower()
    login_cookie = form.headers["set-cookie"].split(";")[0]
    answer = client.post("/desk/login", headers={**behind_https, "cookie": login_cookie},
                         data={"csrf_token": csrf_of(form.text), "token": TOKEN})
    assert answer.status_code == 303
    cookie = next(c for c in answer.headers.get_list("set-cookie")
                  if c.startswith("newsfeed_desk="))
    assert "; secure" in cookie.lower()


def test_every_desk_answer_is_no_store(svc):
    client = DeskClient(svc, "198.51.100.2")
    answers = [client.get("/desk/login"), client.sign_in("wrong"), client.get("/desk")]
    time.sleep(1.1)  # the one failure above slows this address for a second
    answers.append(client.sign_in())
    csrf = client.csrf()
    answers += [client.get(path) for path in PATHS]
    answers += [client.post(f"/desk/articles/{SEED_SLUG}", data={"title": "x"}),  # 403
                client.post("/desk/refused/discard", data={"csrf_token": csrf,
                                                           "name": "nothing.txt"}),  # 404
                client.post("/desk/logout", data={"csrf_token": csrf})]
    assert {a.status_code for a in answers} >= {200, 303, 401, 403, 404}
    for answer in answers:
        assert answer.headers["cache-control"] == "no-store", answer.request.url
        assert answer.headers["x-frame-options"] == "DENY"


def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(svc):
    client = DeskClient(svc, "198.51.100.3").signed_in()
    other = DeskClient(svc, "198.51.100.4").signed_in()
    page = client.get(f"/desk/articles/{SEED_SLUG}")
    fields = {"title": "Changed by a forged post", "date": "2023-07-08",
              "content": "<p>Forged.</p>", "reason": "forged"}
    before = (feed(svc), store_rows(svc, "SELECT * FROM articles"))
    for token in (None, "", "not-the-token", other.csrf()):
        data = fields if token is None else {**fields, "csrf_token": token}
        for path in (f"/desk/articles/{SEED_SLUG}", f"/desk/articles/{SEED_SLUG}/delete",
                     "/desk/new/publish", "/desk/logout"):
            answer = client.post(path, data=data)
            assert answer.status_code == 403, (path, token)
            assert "nothing was changed" in answer.text
    assert (feed(svc), store_rows(svc, "SELECT * FROM articles")) == before
    assert client.get("/desk").status_code == 200  # the refused sign-out did not sign out
    # The sign-in form has its own token, in a cookie of its own (double submit).
    fresh = DeskClient(svc, "198.51.100.5")
    form = fresh.get("/desk/login")
    assert fresh.post("/desk/login", data={"token": TOKEN}).status_code == 403
    fresh.http.cookies.clear()
    answer = fresh.post("/desk/login", data={"token": TOKEN, "csrf_token": csrf_of(form.text)})
    assert answer.status_code == 403
    assert csrf_of(page.text) != other.csrf()


def test_failed_sign_ins_are_slowed_per_address(svc):
    guesser, colleague = DeskClient(svc, "203.0.113.7"), DeskClient(svc, "203.0.113.8")
    assert guesser.sign_in("guess-1").status_code == 401
    slowed = guesser.sign_in()  # even the right token waits its turn
    assert slowed.status_code == 429
    assert slowed.headers["retry-after"] == "1" and "try again in 1 second" in slowed.text
    assert colleague.sign_in().status_code == 303  # another address is not slowed
    time.sleep(1.1)
    assert guesser.sign_in("guess-2").status_code == 401
    slowed = guesser.sign_in()
    assert (slowed.status_code, slowed.headers["retry-after"]) == (429, "2")  # it doubles
    time.sleep(2.1)
    assert guesser.sign_in().status_code == 303  # and a success clears it
    guesser.http.cookies.clear()
    assert guesser.sign_in("guess-3").status_code == 401
    assert guesser.sign_in().headers["retry-after"] == "1"


def test_an_expired_session_is_sent_to_sign_in(tmp_path):
    with LiveService(tmp_path, DESK_TOML + "\n[desk]\nsession_hours = 0.0005\n") as service:
        client = DeskClient(service)
        answer = client.sign_in()
        assert "max-age=1" in answer.headers["set-cookie"].lower()  # 1.8 s
        assert client.get("/desk").status_code == 200
        cookie = client.http.cookies["newsfeed_desk"]
        time.sleep(2)
        client.http.cookies.set("newsfeed_desk", cookie, path="/desk")  # sent anyway
        answer = client.get("/desk/feeds")
        assert (answer.status_code, answer.headers["location"]) == (
            303, "/desk/login?next=%2Fdesk%2Ffeeds")


def test_a_session_ends_when_its_token_leaves_the_config(tmp_path):
    service = LiveService(tmp_path, DESK_TOML).start()
    try:
        client = DeskClient(service).signed_in()
        assert client.get("/desk").status_code == 200
        service.stop()
        service.config_path.write_text(service.config_path.read_text().replace(
            TOKEN, "another-token-0123456789abcdef"))
        service.start()
        answer = client.get("/desk")
        assert (answer.status_code, answer.headers["location"]) == (303, "/desk/login")
    finally:
        service.stop()


def test_a_desk_account_signs_in_with_its_one_time_password_then_its_own(svc):
    one_time = one_time_password(desk(svc, "add", "jane"))
    assert desk(svc, "add", "jane").returncode == 1  # names are unique
    (stored,) = store_rows(svc, "SELECT password_hash, must_change FROM desk_accounts "
                                "WHERE name = 'jane'")
    assert stored[0].startswith("scrypt$") and one_time not in stored[0] and stored[1]

    client = DeskClient(svc, "198.51.100.9")
    answer = client.sign_in("", name="jane", password=one_time)
    assert answer.status_code == 303
    for path in ("/desk", "/desk/articles/" + SEED_SLUG, "/desk/new"):
        answer = client.get(path)  # nothing but setting a password until it is set
        assert (answer.status_code, answer.headers["location"]) == (303, "/desk/password")
    csrf = client.csrf("/desk/password")
    for new, again, why in (("short", "short", "at least 10"),
                            ("a-good-long-password", "another-password", "differ")):
        answer = client.post("/desk/password", data={"csrf_token": csrf, "password": new,
                                                     "password_again": again})
        assert answer.status_code == 422 and why in answer.text
    answer = client.post("/desk/password", data={"csrf_token": csrf,
                                                 "password": "a-good-long-password",
                                                 "password_again": "a-good-long-password"})
    assert (answer.status_code, answer.headers["location"]) == (303, "/desk?password=1")
    home = client.get("/desk")
    assert home.status_code == 200 and "jane" in home.text
    assert client.post("/desk/logout", data={"csrf_token": client.csrf()}).status_code == 303
    assert client.get("/desk").status_code == 303

    assert DeskClient(svc, "198.51.100.10").sign_in("", name="jane",
                                                    password=one_time).status_code == 401
    assert DeskClient(svc, "198.51.100.11").sign_in("", name="nobody",
                                                    password=one_time).status_code == 401
    again = DeskClient(svc, "198.51.100.12")
    assert again.sign_in("", name="jane", password="a-good-long-password").status_code == 303
    assert again.get("/desk").status_code == 200


def test_a_reset_ends_every_session_of_the_account_and_its_old_passwords(svc):
    first_password = one_time_password(desk(svc, "add", "ruth"))
    laptop = own_password(svc, "ruth", first_password, "198.51.100.30")
    phone = DeskClient(svc, "198.51.100.31")
    assert phone.sign_in("", name="ruth", password="ruth-password-0123").status_code == 303
    page = phone.get(f"/desk/articles/{SEED_SLUG}")
    assert page.status_code == 200
    ruth = listed(svc)["ruth"]
    assert (ruth["one_time_password"], ruth["open_sessions"]) == (False, 2)
    assert ruth["newest_session"] >= ruth["created"]

    new_password = one_time_password(desk(svc, "reset", "ruth"))
    assert new_password != first_password
    ruth = listed(svc)["ruth"]
    assert (ruth["one_time_password"], ruth["open_sessions"], ruth["newest_session"]) == (
        True, 0, None)
    assert store_rows(svc, "SELECT count(*) FROM desk_sessions WHERE account = 'ruth'") == [(0,)]
    for client in (laptop, phone):  # both sessions ended: back to sign in, nothing changed
        answer = client.get("/desk/feeds")
        assert (answer.status_code, answer.headers["location"]) == (
            303, "/desk/login?next=%2Fdesk%2Ffeeds")
    before = feed(svc)
    answer = phone.post(f"/desk/articles/{SEED_SLUG}", data={
        "csrf_token": csrf_of(page.text), "title": "Changed after the reset",
        "date": "2023-07-08", "content": "<p>x</p>"})
    assert (answer.status_code, answer.headers["location"]) == (303, "/desk/login")
    assert feed(svc) == before
    for n, old in enumerate(("ruth-password-0123", first_password)):
        refused = DeskClient(svc, f"198.51.100.{32 + n}")
        assert refused.sign_in("", name="ruth", password=old).status_code == 401
    # The new one-time password signs in, to replace it first, as after `desk add`.
    again = DeskClient(svc, "198.51.100.34")
    assert again.sign_in("", name="ruth", password=new_password).status_code == 303
    answer = again.get("/desk")
    assert (answer.status_code, answer.headers["location"]) == (303, "/desk/password")

    unknown = desk(svc, "reset", "nobody")
    assert (unknown.returncode, unknown.stdout) == (1, "")
    assert unknown.stderr == "newsfeed: no desk account 'nobody' (see `newsfeed desk list`)\n"


def test_a_removed_account_and_its_session_go_at_once(svc):
    password = one_time_password(desk(svc, "add", "max"))
    client = own_password(svc, "max", password, "198.51.100.40")
    assert listed(svc)["max"]["open_sessions"] == 1

    removed = desk(svc, "remove", "max")
    assert removed.returncode == 0, removed.stderr
    assert "removed desk account max" in removed.stdout
    answer = client.get(f"/desk/articles/{SEED_SLUG}")  # the next request, same cookie
    assert (answer.status_code, answer.headers["location"]) == (
        303, f"/desk/login?next=%2Fdesk%2Farticles%2F{SEED_SLUG}")
    assert client.get("/desk").headers["location"] == "/desk/login"
    assert "max" not in listed(svc)
    assert store_rows(svc, "SELECT count(*) FROM desk_sessions WHERE account = 'max'") == [(0,)]
    gone = DeskClient(svc, "198.51.100.41")
    assert gone.sign_in("", name="max", password="max-password-0123").status_code == 401

    again = desk(svc, "remove", "max")
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == "newsfeed: no desk account 'max' (see `newsfeed desk list`)\n"


@pytest.mark.postgres
def test_a_session_works_on_every_instance_of_one_store(tmp_path):
    with postgres_database() as url, \
            LiveService(tmp_path / "a", DESK_TOML, store_url=url) as first, \
            LiveService(tmp_path / "b", DESK_TOML, store_url=url, command="serve") as second:
        first.drop_seed()
        client = DeskClient(first).signed_in()
        there = DeskClient(second)
        there.http.cookies.set("newsfeed_desk", client.http.cookies["newsfeed_desk"],
                               path="/desk")
        page = there.get(f"/desk/articles/{SEED_SLUG}")
        assert page.status_code == 200 and "Rutte" in page.text
        assert csrf_of(page.text) == client.csrf()  # one session, one token
        client.post("/desk/logout", data={"csrf_token": client.csrf()})
        assert there.get(f"/desk/articles/{SEED_SLUG}").status_code == 303  # ended everywhere
