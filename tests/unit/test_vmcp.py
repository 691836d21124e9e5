"""/api/vmcp signs CernVM-WebAPI's parameters as PYBOSSA does, with a key made by the test."""

import base64
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from falcon import testing

from adapters.vmcp_signer import RsaSigner
from entrypoints.settings import Settings
from entrypoints.wsgi import create_app
from pybossa_core import vmcp

from . import builders
from .fakes import (
    FakeUnitOfWork,
)
from .fakes.app import fake_services

ERROR_BODY = {"status": "failed", "action": "GET", "target": "vmcp", "exception_cls": "vmcp"}


@pytest.fixture(scope="module")
def private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def key_file(private_key, tmp_path) -> Path:
    path = tmp_path / "vmcp.pem"
    path.write_bytes(
        private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return path


def client(vmcp_key: Path | None = None, uow=None) -> testing.TestClient:
    services = fake_services({"vmcp_key": vmcp_key}, uow=uow)
    return testing.TestClient(create_app(services))


def verifies(private_key, signature_b64: str, data: bytes) -> bool:
    try:
        private_key.public_key().verify(
            base64.b64decode(signature_b64), data, padding.PKCS1v15(), hashes.SHA512()
        )
    except InvalidSignature:
        return False
    return True


def test_the_buffer_is_sorted_lowercased_rfc3986_quoted_lines_then_the_salt():
    params = {"userData": "[amiconfig]\nusers=a;b", "cpus": 1, "flags": True, "name": "Vé~_.-"}
    assert vmcp.signing_buffer(params, "s4lt") == (
        b"cpus=1\nflags=1\nname=V%C3%A9~_.-\nuserdata=%5Bamiconfig%5D%0Ausers%3Da%3Bb\ns4lt"
    )
    assert vmcp.signing_buffer({"off": False}, "") == b"off=0\n"


def test_the_answer_echoes_the_parameters_with_a_signature_over_them(private_key, key_file):
    query = {"cvm_salt": "a8h4f9v7", "cvm_hostid": "adc83b19", "vm": "1123 x"}
    resp = client(key_file).simulate_get("/api/vmcp", params=query)
    assert resp.status_code == 200, resp.text
    assert {k: v for k, v in resp.json.items() if k != "signature"} == query
    assert verifies(private_key, resp.json["signature"], vmcp.signing_buffer(query, "a8h4f9v7"))
    assert not verifies(
        private_key,
        resp.json["signature"],
        vmcp.signing_buffer({**query, "vm": "1124 x"}, "a8h4f9v7"),
    )


def test_the_api_key_is_neither_signed_nor_echoed(private_key, key_file):
    uow = FakeUnitOfWork()
    user = builders.a_user(uow)
    resp = client(key_file, uow).simulate_get(
        "/api/vmcp", params={"cvm_salt": "s", "api_key": user.api_key}
    )
    assert resp.status_code == 200
    assert set(resp.json) == {"cvm_salt", "signature"}
    assert verifies(private_key, resp.json["signature"], b"cvm_salt=s\ns")


def test_a_repeated_parameter_is_signed_with_its_first_value(private_key, key_file):
    resp = client(key_file).simulate_get("/api/vmcp", query_string="cvm_salt=s&x=1&x=2")
    assert resp.json["x"] == "1"
    assert verifies(private_key, resp.json["signature"], b"cvm_salt=s\nx=1\ns")


@pytest.mark.parametrize("query", ["", "cvm_salt=", "cvm_hostid=h"])
def test_without_cvm_salt_the_answer_is_pybossas_415(key_file, query):
    resp = client(key_file).simulate_get("/api/vmcp", query_string=query)
    assert resp.status_code == 415
    assert resp.json == {
        **ERROR_BODY,
        "status_code": 415,
        "exception_msg": "cvm_salt parameter is missing",
    }


def test_without_vmcp_key_the_answer_is_a_501_saying_vmcp_is_not_configured():
    resp = client(None).simulate_get("/api/vmcp", params={"cvm_salt": "s"})
    assert resp.status_code == 501
    assert resp.json["exception_msg"].startswith("vmcp is not configured on this server")
    assert {k: resp.json[k] for k in ERROR_BODY} == ERROR_BODY


def test_only_get_is_answered(key_file):
    resp = client(key_file).simulate_post("/api/vmcp", params={"cvm_salt": "s"})
    assert resp.status_code == 405


def test_vmcp_key_is_read_from_the_environment_as_a_path():
    assert Settings.from_env({"VMCP_KEY": "keys/vmcp.pem"}).vmcp_key == Path("keys/vmcp.pem")
    assert Settings.from_env({}).vmcp_key is None


def test_a_missing_key_file_stops_the_server_from_starting_with_its_path(tmp_path):
    with pytest.raises(ValueError, match="VMCP_KEY: cannot read .*absent.pem"):
        RsaSigner.from_pem_file(tmp_path / "absent.pem")


def test_a_file_that_is_not_a_pem_private_key_is_refused(tmp_path):
    path = tmp_path / "garbage.pem"
    path.write_text("not a key")
    with pytest.raises(ValueError, match="not an unencrypted PEM private key"):
        RsaSigner.from_pem_file(path)


def test_a_key_that_is_not_rsa_is_refused(tmp_path):
    path = tmp_path / "ec.pem"
    path.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(ValueError, match="not an RSA key"):
        RsaSigner.from_pem_file(path)
