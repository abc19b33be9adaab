"""Differential oracle for vault-cli's INI parser: botocore's raw_config_parse on a batch of texts.

Reads a JSON array of config texts on stdin and prints a JSON array with, for each text:
  raw       {"ok": sections} or {"error": "ExcName: message"}: raw_config_parse as the AWS CLI runs it.
  stripped  the same call with each line cut at its first "#" or ";" preceded by whitespace (full-line comments
            left alone), which is vault-cli's documented reading of inline comments. configparser's own
            inline_comment_prefixes is not used: it scans "#" and ";" in lockstep and so misses a " #" that
            follows an "a#b" when a " ;" comes later on the line.
  defaults  the keys of [DEFAULT], which botocore copies into every section and vault-cli ignores.
  own       for each section, the keys written in it (not copied from [DEFAULT]).
Run with PYTHONUTF8=1 so files are read as UTF-8 whatever the locale.
"""
import configparser
import json
import os
import sys
import tempfile
import types

from botocore import configloader


def cut_inline_comment(line):
    if line.strip().startswith(("#", ";")):
        return line
    for i in range(1, len(line)):
        if line[i] in "#;" and line[i - 1].isspace():
            return line[:i]
    return line


class InlineCommentParser(configparser.RawConfigParser):
    def _read(self, fp, fpname):
        return super()._read((cut_inline_comment(line) for line in fp), fpname)


def run(path, parser_class):
    # raw_config_parse looks up configparser.RawConfigParser at call time; swap in the variant for this call.
    saved = configloader.configparser
    configloader.configparser = types.SimpleNamespace(RawConfigParser=parser_class, Error=configparser.Error)
    try:
        return {"ok": configloader.raw_config_parse(path)}
    except Exception as e:  # botocore raises ConfigParseError "from None"; the cause is in __context__
        inner = e.__context__ or e
        return {"error": f"{type(inner).__name__}: {inner}"}
    finally:
        configloader.configparser = saved


def key_origins(path):
    cp = configparser.RawConfigParser()
    try:
        cp.read([path], encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError):
        return [], {}
    # _sections holds only the keys written in each section; options() would add the [DEFAULT] ones.
    own = {name: list(keys) for name, keys in cp._sections.items()}
    return list(cp.defaults().keys()), own


def main():
    texts = json.load(sys.stdin)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "config")
        for text in texts:
            # newline="" writes \r\n and \r exactly as given.
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            defaults, own = key_origins(path)
            results.append(
                {
                    "raw": run(path, configparser.RawConfigParser),
                    "stripped": run(path, InlineCommentParser),
                    "defaults": defaults,
                    "own": own,
                }
            )
    json.dump(results, sys.stdout)


main()
