"""Exports a ResNet-34 with random weights from PyTorch to ONNX, with one input and its logits.

The network is torchvision's ResNet-34 for 64x64 RGB images and 200 classes, with the stem
that shiftadd's resnet34 model uses: a 3x3 stride-1 convolution and no max pooling. Batch
norm gets random statistics, so that folding it changes the weights. The logits are
computed in double precision from the same weights, so that they are a reference for
importers that compute in double.

With --torchvision-stem, the network keeps torchvision's own stem: a 7x7 stride-2
convolution and a 3x3 stride-2 max pooling with padding 1.

Usage: python3 export_resnet34.py DIR [SEED] [--torchvision-stem]
Writes DIR/resnet34.onnx, DIR/input.txt and DIR/logits.txt (one value per line) and prints
the PyTorch version.
"""
import os
import sys

import torch
import torchvision


def main():
    arguments = [a for a in sys.argv[1:] if a != "--torchvision-stem"]
    directory = arguments[0]
    torch.manual_seed(int(arguments[1]) if len(arguments) > 1 else 1)
    model = torchvision.models.resnet34(num_classes=200)
    if "--torchvision-stem" not in sys.argv:
        model.conv1 = torch.nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        model.maxpool = torch.nn.Identity()
    for module in model.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.1, 0.1)
            module.running_var.uniform_(0.5, 1.5)
            module.weight.data.uniform_(0.4, 0.9)
            module.bias.data.uniform_(-0.1, 0.1)
    model.eval()
    image = torch.randn(1, 3, 64, 64)
    with torch.no_grad():
        logits = model.double()(image.double())
    model.float()
    torch.onnx.export(model, image, os.path.join(directory, "resnet34.onnx"),
                      opset_version=13, input_names=["input"], output_names=["logits"])
    for name, values in (("input.txt", image), ("logits.txt", logits)):
        with open(os.path.join(directory, name), "w") as out:
            out.write("\n".join(repr(float(v)) for v in values.flatten()) + "\n")
    print("torch", torch.__version__, "torchvision", torchvision.__version__)


if __name__ == "__main__":
    main()
