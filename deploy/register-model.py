"""docker-compose.yml's mlflow-model service: registers the demo's model, loan-default, with a
version 1 that the alias champion points at, as a training pipeline would. Does nothing when the
model is registered already (a second `docker compose up`)."""

from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

client = MlflowClient("http://mlflow:5000")
try:
    client.create_registered_model("loan-default")
except MlflowException as e:
    if e.error_code != "RESOURCE_ALREADY_EXISTS":
        raise
    print("loan-default is registered already")
else:
    version = client.create_model_version("loan-default", "s3://models/loan-default/1")
    client.set_registered_model_alias("loan-default", "champion", version.version)
    print(f"registered loan-default version {version.version}, alias champion")
