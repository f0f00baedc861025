#!/bin/sh
# docker-compose.yml's one-off setup, in the featurewatch image: the demo scenario's repository,
# its definitions applied, the training baseline attached to the model version (registered by the
# mlflow-model service), the feature pipeline and the monitoring job submitted to the Flink
# cluster. The feature server starts after it (it reads the registry this applies); the profiles
# service then writes the applicants' profiles through it.
set -eu

if [ ! -f /demo/loans.yaml ]; then
  featurewatch demo --write-only --dir /demo
fi
cp /deploy/featurewatch.yaml /demo/featurewatch.yaml

featurewatch apply --repo /demo
featurewatch baseline attach --repo /demo --model loan-default --version 1 --file /demo/baseline.json

# a job already running (a second `docker compose up`) is not submitted twice
running() {
  curl -fsS http://jobmanager:8081/jobs/overview |
    jq -e --arg name "$1" '.jobs[] | select(.name == $name and .state == "RUNNING")' >/dev/null
}
running "featurewatch features" ||
  featurewatch submit features --repo /demo --flink http://jobmanager:8081
running "featurewatch monitors" ||
  featurewatch submit monitors --repo /demo --flink http://jobmanager:8081 --results kafka:monitor-results
