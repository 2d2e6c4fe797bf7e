"""A Piper voice small enough to build in a test: Piper's inputs and outputs, a tone per phoneme.

The graph takes what Piper feeds a real voice (phoneme ids, their count, the three scales and, for
several speakers, a speaker id) and returns audio: each phoneme id becomes HOP samples of a tone
whose pitch follows the id. It exercises the real loading and synthesis path (piper-tts,
onnxruntime, the espeak-ng phonemizer inside piper) without any downloaded model.
"""

from __future__ import annotations

import json
from pathlib import Path

HOP = 1024  # samples per phoneme id: about 46 ms at 22,050 Hz, so a sentence lasts a few seconds
SAMPLE_RATE = 22_050


def write_tiny_voice(folder: Path, *, speakers: int = 1, name: str = "vi_VN-tiny") -> Path:
    """Write NAME.onnx and NAME.onnx.json into `folder`; return the .onnx path."""
    import onnx
    from onnx import TensorProto, helper
    from piper.phoneme_ids import DEFAULT_PHONEME_ID_MAP

    def constant(name: str, values: list, kind: int = TensorProto.INT64) -> onnx.NodeProto:
        return helper.make_node("Constant", [], [name], value=helper.make_tensor(name, kind, [len(values)], values))

    nodes = [
        constant("axis2", [2]), constant("spread", [1, 1, HOP]), constant("flat", [1, 1, -1]),
        constant("zero", [0.0], TensorProto.FLOAT), constant("one", [1.0], TensorProto.FLOAT),
        constant("base", [0.03], TensorProto.FLOAT), constant("step", [0.0004], TensorProto.FLOAT),
        constant("gain", [0.5], TensorProto.FLOAT), constant("axis", [2]),
        helper.make_node("Cast", ["input"], ["ids"], to=TensorProto.FLOAT),
        helper.make_node("Unsqueeze", ["ids", "axis2"], ["column"]),
        helper.make_node("Expand", ["column", "spread"], ["held"]),
        helper.make_node("Reshape", ["held", "flat"], ["pitch_ids"]),
        helper.make_node("Mul", ["pitch_ids", "zero"], ["nothing"]),
        helper.make_node("Add", ["nothing", "one"], ["ones"]),
        helper.make_node("CumSum", ["ones", "axis"], ["time"]),
        helper.make_node("Mul", ["pitch_ids", "step"], ["rise"]),
        helper.make_node("Add", ["rise", "base"], ["frequency"]),
        helper.make_node("Mul", ["time", "frequency"], ["phase"]),
        helper.make_node("Sin", ["phase"], ["tone"]),
    ]
    inputs = [
        helper.make_tensor_value_info("input", TensorProto.INT64, [1, "phonemes"]),
        helper.make_tensor_value_info("input_lengths", TensorProto.INT64, [1]),
        helper.make_tensor_value_info("scales", TensorProto.FLOAT, [3]),
    ]
    if speakers > 1:  # a louder tone per speaker, so that speakers are told apart in the output
        inputs.append(helper.make_tensor_value_info("sid", TensorProto.INT64, [1]))
        nodes += [helper.make_node("Cast", ["sid"], ["speaker"], to=TensorProto.FLOAT),
                  helper.make_node("Add", ["speaker", "one"], ["loudness"]),
                  helper.make_node("Mul", ["tone", "loudness"], ["voiced"]),
                  helper.make_node("Mul", ["voiced", "gain"], ["output"])]
    else:
        nodes.append(helper.make_node("Mul", ["tone", "gain"], ["output"]))
    output = helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 1, "samples"])
    graph = helper.make_graph(nodes, "tiny_piper", inputs, [output])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)], producer_name="guidegen tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.onnx"
    onnx.save(model, path)
    phoneme_map = dict(DEFAULT_PHONEME_ID_MAP)
    for tone in "0123456789\u0303\u0306\u032a":  # espeak-ng's Vietnamese tones and marks
        phoneme_map.setdefault(tone, [max(i for ids in phoneme_map.values() for i in ids) + 1])
    config = {
        "audio": {"sample_rate": SAMPLE_RATE}, "espeak": {"voice": "vi"}, "language": {"code": "vi_VN"},
        "inference": {"noise_scale": 0.667, "length_scale": 1.0, "noise_w": 0.8}, "phoneme_type": "espeak",
        "num_symbols": max(i for ids in phoneme_map.values() for i in ids) + 1, "num_speakers": speakers,
        "speaker_id_map": {f"speaker{n}": n for n in range(speakers)} if speakers > 1 else {},
        "phoneme_id_map": phoneme_map, "piper_version": "1.0.0",
    }
    path.with_name(path.name + ".json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    return path
