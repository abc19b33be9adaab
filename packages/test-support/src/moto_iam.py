#!/usr/bin/env python3
"""Test harness (see moto.ts): IAM set-up on a moto server with boto3. Prints one JSON object.

  python3 moto_iam.py URL user NAME            -> {"accessKeyId", "secretAccessKey", "arn"}  (3 calls:
                                                  CreateUser, PutUserPolicy allow-all, CreateAccessKey)
  python3 moto_iam.py URL role NAME TRUST_ARN [EXTERNAL_ID]  -> {"arn"}  (1 call: CreateRole trusting TRUST_ARN)
"""
import json, sys
import boto3

url, kind, name = sys.argv[1], sys.argv[2], sys.argv[3]
iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                   aws_access_key_id="AKIDHARNESSBOOTSTRAP", aws_secret_access_key="harness")
ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
if kind == "user":
    user = iam.create_user(UserName=name)["User"]
    iam.put_user_policy(UserName=name, PolicyName="allow-all", PolicyDocument=json.dumps(ALLOW_ALL))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    print(json.dumps({"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"], "arn": user["Arn"]}))
elif kind == "role":
    statement = {"Effect": "Allow", "Principal": {"AWS": sys.argv[4]}, "Action": "sts:AssumeRole"}
    if len(sys.argv) > 5:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": sys.argv[5]}}
    trust = {"Version": "2012-10-17", "Statement": [statement]}
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    print(json.dumps({"arn": role["Arn"]}))
else:
    sys.exit(f"unknown kind {kind}")
