"""Settings of the deployment's storage, downloads and replica: the embedded default keeps
files on local disk and streams them itself; S3 is chosen by its bucket, with signed-URL
downloads and the store's origin allowed for pictures; a wrong combination is refused by name."""

import json

from tests.core.test_settings import PRODUCTION_ENV, _python

SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'storage': s.STORAGES['default']['BACKEND'], 'delivery': s.FILE_DELIVERY, "
    "'img': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], 'dbs': sorted(s.DATABASES), "
    "'routers': s.DATABASE_ROUTERS}))"
)
S3 = {
    "CHUANGWEN_S3_BUCKET": "chuangwen",
    "CHUANGWEN_S3_ENDPOINT_URL": "https://files.example-province.cn",
    "CHUANGWEN_S3_ACCESS_KEY": "k",
    "CHUANGWEN_S3_SECRET_KEY": "s",
}


def _show(env, tmp_path) -> dict:
    done = _python(SHOW, env, tmp_path / "var")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_embedded_default_needs_no_server(tmp_path):
    shown = _show({}, tmp_path)
    assert shown["storage"] == "django.core.files.storage.FileSystemStorage" and shown["delivery"] == "app"
    assert shown["dbs"] == ["default"] and "https://files.example-province.cn" not in shown["img"]


def test_a_bucket_puts_files_in_the_store_and_downloads_on_signed_urls(tmp_path):
    shown = _show({**PRODUCTION_ENV, **S3}, tmp_path)
    assert shown["storage"] == "storages.backends.s3.S3Storage" and shown["delivery"] == "redirect"
    assert "https://files.example-province.cn" in shown["img"]


def test_a_replica_is_a_second_alias_behind_the_router(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://u@db1/cw", "DATABASE_REPLICA_URL": "postgres://u@db2/cw"}
    shown = _show(env, tmp_path)
    assert shown["dbs"] == ["default", "replica"] and shown["routers"] == ["chuangwen.core.replica.ReplicaRouter"]


def test_redirect_without_a_bucket_and_an_unknown_mode_are_refused_by_name(tmp_path):
    done = _python(SHOW, {"CHUANGWEN_FILE_DELIVERY": "redirect"}, tmp_path / "var")
    assert done.returncode != 0 and "CHUANGWEN_FILE_DELIVERY=redirect needs object storage" in done.stderr
    done = _python(SHOW, {"CHUANGWEN_FILE_DELIVERY": "nginx"}, tmp_path / "var")
    assert done.returncode != 0 and "CHUANGWEN_FILE_DELIVERY must be app, redirect or accel" in done.stderr
