"""The providers the blog trusts, as configured: one from OIDC_ISSUER, or several from
OIDC_PROVIDERS."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from types import MappingProxyType

from blog.settings import ConfigurationError

AUTH_METHODS = ("client_secret_basic", "private_key_jwt")
END_SESSION_METHODS = ("GET", "POST")
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
# What an entry of OIDC_PROVIDERS may say; anything else is a typo worth refusing at start-up.
ENTRY_KEYS = {"name", "label", "issuer", "client_id", "client_secret", "scopes",
              "token_endpoint_auth_method", "trusted_audiences", "end_session_method", "roles"}
SINGLE_NAME = "default"


@dataclass(frozen=True)
class ProviderConfig:
    """One provider: where it is, how the blog is registered there, and what it asks of it.

    `issuer` None is the built-in development provider, whose issuer is the blog's own server
    (blog.auth.provider.issuer_of). `roles` is the per-provider mapping from claims to roles
    (issue 12); until roles exist it must be empty, so that nobody believes a mapping applies.
    """

    name: str
    label: str
    issuer: str | None
    client_id: str
    client_secret: str | None = field(repr=False)
    scopes: tuple[str, ...] = ("openid", "email", "profile")
    auth_method: str = "client_secret_basic"
    trusted_audiences: tuple[str, ...] = ()
    end_session_method: str = "GET"
    roles: Mapping = field(default_factory=lambda: MappingProxyType({}))


def providers_from_settings(config: Mapping) -> tuple[ProviderConfig, ...]:
    """The configured providers (none: the development provider may stand in), or refuse them."""
    if config["OIDC_PROVIDERS"]:
        if config["OIDC_ISSUER"]:
            raise ConfigurationError(
                "Both OIDC_ISSUER and OIDC_PROVIDERS are set: configure one provider with "
                "OIDC_ISSUER or several with OIDC_PROVIDERS, not both (see docs/providers.md).")
        return several_providers(config["OIDC_PROVIDERS"], config)
    if not config["OIDC_ISSUER"]:
        return ()
    needed = ["OIDC_CLIENT_ID"]
    if config["OIDC_TOKEN_ENDPOINT_AUTH_METHOD"] == "client_secret_basic":
        needed.append("OIDC_CLIENT_SECRET")
    missing = [name for name in needed if not config[name]]
    if missing:
        raise ConfigurationError(
            f"OIDC_ISSUER is set but {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not: register the blog with the provider "
            "and set the client credentials it gives you (see docs/providers.md).")
    return (checked(ProviderConfig(
        name=SINGLE_NAME,
        label=config["OIDC_ISSUER"],
        issuer=config["OIDC_ISSUER"],
        client_id=config["OIDC_CLIENT_ID"] or "",
        client_secret=config["OIDC_CLIENT_SECRET"],
        scopes=tuple(config["OIDC_SCOPES"]),
        auth_method=config["OIDC_TOKEN_ENDPOINT_AUTH_METHOD"],
        trusted_audiences=tuple(config["OIDC_TRUSTED_AUDIENCES"]),
        end_session_method=config["OIDC_END_SESSION_METHOD"],
    ), "OIDC_ISSUER"),)


def several_providers(value, config: Mapping) -> tuple[ProviderConfig, ...]:
    """OIDC_PROVIDERS (a JSON list of objects, or that list itself) as checked ProviderConfigs."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as error:
            raise ConfigurationError(f"OIDC_PROVIDERS is not valid JSON: {error.msg} at "
                                     f"character {error.pos}.") from None
    if not isinstance(value, list) or not value or not all(isinstance(e, dict) for e in value):
        raise ConfigurationError('OIDC_PROVIDERS must be a JSON list of objects such as '
                                 '[{"name": "staff", "issuer": "https://...", "client_id": '
                                 '"...", "client_secret": "..."}].')
    providers = tuple(_entry(entry, position, config) for position, entry in enumerate(value))
    for attribute in ("name", "issuer"):
        seen = [getattr(provider, attribute) for provider in providers]
        twice = sorted({item for item in seen if seen.count(item) > 1})
        if twice:
            # Authors are keyed by issuer: two entries for one issuer would share its authors.
            raise ConfigurationError(f"OIDC_PROVIDERS names the {attribute} {twice[0]!r} twice.")
    return providers


def _entry(entry: dict, position: int, config: Mapping) -> ProviderConfig:
    where = f"OIDC_PROVIDERS entry {position + 1}"
    unknown = sorted(set(entry) - ENTRY_KEYS)
    if unknown:
        raise ConfigurationError(f"{where} has unknown keys {unknown}; the keys are "
                                 f"{sorted(ENTRY_KEYS)}.")
    texts = {key: entry.get(key) for key in ("name", "label", "issuer", "client_id",
                                             "client_secret")}
    for key, text in texts.items():
        if text is not None and not isinstance(text, str):
            raise ConfigurationError(f"{where}: {key} must be a string.")
    name = texts["name"] or ""
    if not NAME_PATTERN.fullmatch(name):
        raise ConfigurationError(f"{where}: name must be 1 to 40 lower-case letters, digits or "
                                 f"hyphens (it appears in /login?provider=<name>), not {name!r}.")
    return checked(ProviderConfig(
        name=name,
        label=texts["label"] or name,
        issuer=texts["issuer"] or "",
        client_id=texts["client_id"] or "",
        client_secret=texts["client_secret"],
        scopes=_words(entry.get("scopes", config["OIDC_SCOPES"]), f"{where}: scopes"),
        auth_method=_choice(entry.get("token_endpoint_auth_method", "client_secret_basic"),
                            AUTH_METHODS, f"{where}: token_endpoint_auth_method"),
        trusted_audiences=_words(entry.get("trusted_audiences", ()),
                                 f"{where}: trusted_audiences"),
        end_session_method=_choice(entry.get("end_session_method",
                                             config["OIDC_END_SESSION_METHOD"]),
                                   END_SESSION_METHODS, f"{where}: end_session_method"),
        roles=_roles(entry.get("roles", {}), where),
    ), f"{where} ({name})")


def checked(provider: ProviderConfig, where: str) -> ProviderConfig:
    """The provider if it has what a login needs, else ConfigurationError saying what is missing."""
    missing = [label for label, present in (
        ("an issuer", provider.issuer),
        ("a client_id (OIDC_CLIENT_ID)", provider.client_id),
        ("a client_secret (OIDC_CLIENT_SECRET)",
         provider.client_secret or provider.auth_method != "client_secret_basic"),
    ) if not present]
    if missing:
        raise ConfigurationError(
            f"{where} is set but has no {' and no '.join(missing)}: register the blog with the "
            "provider and set the client credentials it gives you (see docs/providers.md).")
    if "openid" not in provider.scopes:
        raise ConfigurationError(f"{where}: the scopes must include openid, not "
                                 f"{' '.join(provider.scopes)!r}.")
    return provider


def _words(value, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.replace(",", " ").split()
    if not isinstance(value, list | tuple) or not all(isinstance(word, str) for word in value):
        raise ConfigurationError(f"{where} must be a list of strings or one space-separated "
                                 "string.")
    return tuple(value)


def _choice(value, choices: tuple[str, ...], where: str) -> str:
    matching = [choice for choice in choices if choice.upper() == str(value).strip().upper()]
    if not matching:
        raise ConfigurationError(f"{where} must be {' or '.join(choices)}, not {value!r}.")
    return matching[0]


def _roles(value, where: str) -> Mapping:
    if not isinstance(value, dict):
        raise ConfigurationError(f"{where}: roles must be an object.")
    if value:
        raise ConfigurationError(
            f"{where}: roles are not built yet, so a role mapping would do nothing; leave roles "
            "out (or {}) until the blog has roles.")
    return MappingProxyType({})
