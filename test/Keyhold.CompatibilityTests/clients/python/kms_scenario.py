"""The KMS scenario of the compatibility suite with boto3.

Endpoint, credentials and region come from the standard environment variables (AWS_ENDPOINT_URL,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION); DENIED_ACCESS_KEY_ID/DENIED_SECRET_ACCESS_KEY are a
user without permissions; ALIAS_NAME is the alias to create. Prints one JSON object, {"steps": {operation: facts}},
with the same steps and facts as clients/js/kms-scenario.mjs; the C# test asserts on them.
"""
import json
import os

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

NO_RETRIES = Config(retries={"total_max_attempts": 1})
kms = boto3.client("kms", config=NO_RETRIES)
denied = boto3.client(
    "kms",
    config=NO_RETRIES,
    aws_access_key_id=os.environ["DENIED_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["DENIED_SECRET_ACCESS_KEY"],
)
alias = os.environ["ALIAS_NAME"]
context = {"purpose": "compatibility", "client": "boto3"}
plaintext = b"compatibility plaintext from boto3"
steps = {}
state = {}


def step(name, body):
    try:
        steps[name] = body()
    except Exception as error:  # noqa: BLE001 - every failure is reported, not raised
        steps[name] = {"error": f"{type(error).__name__}: {error}"}


def error_of(body):
    try:
        body()
        return {"errorName": None}
    except ClientError as error:
        # Modeled errors arrive as their own class (kms.exceptions.NotFoundException); others as ClientError.
        return {
            "errorName": error.response["Error"]["Code"],
            "exceptionClass": type(error).__name__,
            "message": error.response["Error"].get("Message", ""),
            "httpStatus": error.response["ResponseMetadata"]["HTTPStatusCode"],
        }


def create_key():
    key = kms.create_key(Description="compatibility: boto3")["KeyMetadata"]
    state["key"] = key
    return {"keyId": key["KeyId"], "arn": key["Arn"], "keySpec": key["KeySpec"], "enabled": key["Enabled"]}


def create_alias():
    kms.create_alias(AliasName=alias, TargetKeyId=state["key"]["KeyId"])
    return {"aliasKeyId": kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"]}


def encrypt_decrypt():
    encrypted = kms.encrypt(KeyId=alias, Plaintext=plaintext, EncryptionContext=context)
    state["ciphertext"] = encrypted["CiphertextBlob"]
    decrypted = kms.decrypt(CiphertextBlob=state["ciphertext"], EncryptionContext=context)
    return {"encryptKeyId": encrypted["KeyId"], "decryptKeyId": decrypted["KeyId"], "roundTrip": decrypted["Plaintext"] == plaintext}


def generate_data_key():
    data_key = kms.generate_data_key(KeyId=state["key"]["Arn"], KeySpec="AES_256", EncryptionContext=context)
    decrypted = kms.decrypt(CiphertextBlob=data_key["CiphertextBlob"], EncryptionContext=context)
    return {"plaintextLength": len(data_key["Plaintext"]), "keyId": data_key["KeyId"], "decryptMatches": decrypted["Plaintext"] == data_key["Plaintext"]}


def rotation():
    key_id = state["key"]["KeyId"]
    kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=90)
    enabled = kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"]
    kms.rotate_key_on_demand(KeyId=key_id)
    rotations = kms.list_key_rotations(KeyId=key_id)["Rotations"]
    decrypted = kms.decrypt(CiphertextBlob=state["ciphertext"], EncryptionContext=context)
    return {"rotationEnabled": enabled, "rotations": len(rotations), "oldCiphertextDecrypts": decrypted["Plaintext"] == plaintext}


def list_keys_pagination():
    # boto3's own paginator follows NextMarker/Truncated.
    pages = list(kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 2}))
    ids = {key["KeyId"] for page in pages for key in page["Keys"]}
    return {"pages": len(pages), "keys": len(ids), "containsCreatedKey": state["key"]["KeyId"] in ids}


def disabled():
    kms.disable_key(KeyId=state["key"]["KeyId"])
    return error_of(lambda: kms.encrypt(KeyId=state["key"]["KeyId"], Plaintext=plaintext))


step("CreateKey", create_key)
step("CreateAlias", create_alias)
step("EncryptDecrypt", encrypt_decrypt)
step("GenerateDataKey", generate_data_key)
step("Rotation", rotation)
step("ListKeysPagination", list_keys_pagination)
step("NotFoundException", lambda: error_of(lambda: kms.describe_key(KeyId="alias/compatibility-does-not-exist")))
step("InvalidCiphertextException", lambda: error_of(lambda: kms.decrypt(CiphertextBlob=state["ciphertext"], EncryptionContext={"purpose": "other"})))
step("ValidationException", lambda: error_of(lambda: kms.encrypt(KeyId=state["key"]["KeyId"], Plaintext=bytes(5000))))
step("AccessDeniedException", lambda: error_of(lambda: denied.encrypt(KeyId=state["key"]["Arn"], Plaintext=plaintext)))
step("DisabledException", disabled)

print(json.dumps({"steps": steps}))
