"""Ask botocore itself about an IAM Identity Center (SSO) profile, for interop tests.

Usage (run with a python3 that has botocore, i.e. the pyenv one, not /usr/bin/python3):

    python3 botocore_sso.py token PROFILE [--endpoint-url URL]
    python3 botocore_sso.py credentials PROFILE [--endpoint-url URL]

The config file is botocore's usual one (AWS_CONFIG_FILE, else ~/.aws/config). The token cache is botocore's
~/.aws/sso/cache/<sha1(sso_session name)>.json; botocore fixes that directory from $HOME when it is imported, so
set HOME in the environment of this process (not later). --endpoint-url sets AWS_ENDPOINT_URL_SSO_OIDC and
AWS_ENDPOINT_URL_SSO unless they are already set; endpoint_url in the profile or a [services] section also works.

`token` loads the profile's sso_session token through botocore's SSOTokenProvider (botocore.tokens), which
refreshes it with CreateToken(grantType=refresh_token) when it expires within 15 minutes, and prints
("refreshed": a CreateToken succeeded; "createTokenCalls": attempts, failed ones included)
    {"accessToken", "expiresAt" (UTC, ...Z), "refreshed", "createTokenCalls", "cacheFile", "cachedAccessTokenBefore"}
`credentials` resolves the profile through botocore's normal credential chain (Session.get_credentials(), i.e.
SSOProvider -> GetRoleCredentials with the token, refreshing the token first if needed) and prints
    {"method", "accessKeyId", "createTokenCalls", "getRoleCredentialsCalls", "refreshed"}
One JSON line on stdout either way; on failure {"error": <exception class>, "message": ...} and exit status 1.

Every request must go to a loopback address: anything else fails before it is sent, so a test never reaches AWS.
"""

import hashlib
import json
import os
import sys
from datetime import timezone
from urllib.parse import urlsplit

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def parse_args(argv):
    usage = "usage: botocore_sso.py token|credentials PROFILE [--endpoint-url URL]"
    args = list(argv)
    endpoint = None
    if "--endpoint-url" in args:
        i = args.index("--endpoint-url")
        if i + 1 >= len(args):
            raise SystemExit(usage)
        endpoint = args[i + 1]
        del args[i : i + 2]
    if len(args) != 2 or args[0] not in ("token", "credentials"):
        raise SystemExit(usage)
    return args[0], args[1], endpoint


def utc_z(moment):
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main(argv):
    mode, profile, endpoint = parse_args(argv)
    if endpoint:
        os.environ.setdefault("AWS_ENDPOINT_URL_SSO_OIDC", endpoint)
        os.environ.setdefault("AWS_ENDPOINT_URL_SSO", endpoint)

    # Imported here, after the environment is settled: botocore reads HOME at import time for its cache dirs.
    import botocore.session
    from botocore.tokens import SSOTokenProvider

    session = botocore.session.Session(profile=profile)
    counts = {"CreateToken": 0, "GetRoleCredentials": 0}  # attempts, failed ones included
    succeeded = {"CreateToken": 0, "GetRoleCredentials": 0}

    def only_loopback(request, **_):
        host = urlsplit(request.url).hostname
        if host not in LOOPBACK_HOSTS:
            raise RuntimeError(f"botocore_sso.py refuses a request to {request.url}: set an endpoint override")

    def count(event_name, http_response=None, **_):
        api = event_name.rsplit(".", 1)[-1]
        counts[api] += 1
        if http_response is not None and http_response.status_code < 300:
            succeeded[api] += 1

    # Clients copy the session's handlers when created, nested ones (sso-oidc, sso) included.
    session.register("before-send", only_loopback)
    session.register("after-call.sso-oidc.CreateToken", count)
    session.register("after-call.sso.GetRoleCredentials", count)

    if mode == "token":
        profile_config = session.full_config.get("profiles", {}).get(profile, {})
        session_name = profile_config.get("sso_session")
        if session_name is None:
            raise ValueError(f'profile "{profile}" has no sso_session')
        cache_file = os.path.join(
            SSOTokenProvider._SSO_TOKEN_CACHE_DIR,
            hashlib.sha1(session_name.encode("utf-8")).hexdigest() + ".json",
        )
        before = None
        if os.path.isfile(cache_file):
            with open(cache_file) as f:
                before = json.load(f).get("accessToken")
        token = SSOTokenProvider(session, profile_name=profile).load_token()
        if token is None:
            raise ValueError(f'profile "{profile}" is not an SSO token profile')
        frozen = token.get_frozen_token()
        result = {
            "accessToken": frozen.token,
            "expiresAt": utc_z(frozen.expiration),
            "refreshed": succeeded["CreateToken"] > 0,
            "createTokenCalls": counts["CreateToken"],
            "cacheFile": cache_file,
            "cachedAccessTokenBefore": before,
        }
    else:
        credentials = session.get_credentials()
        if credentials is None:
            raise ValueError(f'botocore found no credentials for profile "{profile}"')
        frozen = credentials.get_frozen_credentials()
        result = {
            "method": credentials.method,
            "accessKeyId": frozen.access_key,
            "refreshed": succeeded["CreateToken"] > 0,
            "createTokenCalls": counts["CreateToken"],
            "getRoleCredentialsCalls": counts["GetRoleCredentials"],
        }
    print(json.dumps(result))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except SystemExit:
        raise
    except Exception as error:  # one parseable line for the test, whatever botocore raised
        print(json.dumps({"error": type(error).__name__, "message": str(error)}))
        sys.exit(1)
