"""Who may call the API: the token every request must carry when the server has one, and which bind addresses
need none (loopback only)."""

from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from newsgraph.http.error_shape import error_response

__all__ = ["TOKEN_COOKIE", "TokenGuard", "is_loopback"]

TOKEN_COOKIE = "newsgraph_token"


def is_loopback(host: str) -> bool:
    """Whether a bind address only accepts connections from this machine."""
    import ipaddress

    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class TokenGuard:
    """Every request needs the token: ``Authorization: Bearer T`` or the ``newsgraph_token`` cookie, which a
    GET with ``?token=T`` sets (then redirects to the same URL without it)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token.encode("utf-8")

    def _matches(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode("utf-8", "surrogatepass"), self.token)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        given = request.query_params.get("token")
        if given is not None and scope["type"] == "http" and request.method in ("GET", "HEAD"):
            if not self._matches(given):
                await self._refuse(scope, receive, send, "wrong token")
                return
            query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
            response = RedirectResponse(request.url.path + (f"?{query}" if query else ""), status_code=303)
            response.set_cookie(TOKEN_COOKIE, given, httponly=True, samesite="strict", path="/")
            await response(scope, receive, send)
            return
        authorization = request.headers.get("authorization", "")
        scheme, _, credential = authorization.partition(" ")
        bearer = credential.strip() if scheme.lower() == "bearer" else None
        cookie = SimpleCookie()
        try:
            cookie.load(request.headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed cookie header is no token
            cookie = SimpleCookie()
        from_cookie = cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else None
        if self._matches(bearer) or self._matches(from_cookie) or self._matches(given):
            await self.app(scope, receive, send)
            return
        await self._refuse(scope, receive, send, "this server needs a token: send 'Authorization: Bearer <token>', "
                                                 "or open any page once with ?token=<token>")

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, message: str) -> None:
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        await error_response(401, message, headers={"WWW-Authenticate": "Bearer"})(scope, receive, send)
