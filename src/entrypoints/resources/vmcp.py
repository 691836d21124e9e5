"""GET /api/vmcp: CernVM-WebAPI's VM configuration signed with the server's key, as PYBOSSA."""

import falcon

from entrypoints.errors import BadBody
from entrypoints.resources.base import Resource
from pybossa_core import vmcp
from pybossa_core.ports import Signer

NOT_CONFIGURED = "vmcp is not configured on this server (set VMCP_KEY)"
MISSING_SALT = "cvm_salt parameter is missing"
NOT_SIGNED = frozenset({"api_key"})  # the caller's credentials are no VM parameter


class Vmcp(Resource):
    """Every query parameter (cvm_salt, cvm_hostid, ...) echoed back with its `signature`.

    Errors keep PYBOSSA's body: exception_cls "vmcp", 415 without cvm_salt, 501 without a key.
    """

    target = "vmcp"

    def __init__(self, signer: Signer | None) -> None:
        self.signer = signer  # None: VMCP_KEY is not set

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        signer = self.signer
        if signer is None:
            raise BadBody(501, "vmcp", NOT_CONFIGURED)
        params = _first_values(req.params)
        salt = params.get(vmcp.SALT)
        if not salt:
            raise BadBody(415, "vmcp", MISSING_SALT)
        resp.media = vmcp.sign(params, salt, signer)


def _first_values(params: dict) -> dict[str, str]:
    """One value per name, the first when repeated (as PYBOSSA's request.args)."""
    return {
        name: value[0] if isinstance(value, list) else value
        for name, value in params.items()
        if name not in NOT_SIGNED
    }
