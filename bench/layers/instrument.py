#!/usr/bin/env python3
"""Puts LayerProbe.mark(...) calls into a generated model and its trainer: before each layer's block in forward and
backward (the blocks start with the generator's `// name: kind, file line N` comments), after each product call in
backward (so "b conv2" is the weight gradient and "b conv2 after GEMM.ntWindows" what follows it), around the loss and
around the optimizer's update."""
import re
import sys

model, trainer = sys.argv[1], sys.argv[2]
lines, out, method, name = open(model).read().split('\n'), [], None, None
for line in lines:
    start = re.match(r'\s+public (?:void|double) (forward|loss|backward)\(', line)
    if start:
        method = start.group(1)[0]
    layer = re.match(r'(\s+)// ([^:\s]+): ', line) if method else None
    if layer:
        name = layer.group(2)
        out.append('%sLayerProbe.mark("%s %s");' % (layer.group(1), method, name))
    if method and line.strip().startswith('return loss;'):
        out.append('        LayerProbe.mark("other");')
    out.append(line)
    if method == 'b' and line.strip().startswith('GEMM.') and '(' in line:
        indent = line[:len(line) - len(line.lstrip())]
        out.append('%sLayerProbe.mark("b %s after %s");' % (indent, name, line.strip().split('(')[0]))
    if method and line == '    }':
        if method != 'l':
            out.insert(len(out) - 1, '        LayerProbe.mark("other");')
        method = None
open(model, 'w').write('\n'.join(out).replace('package layers;', 'package layers;\n', 1))
source = open(trainer).read()
source = re.sub(r'(\s*)update\(learningRate\);', r'\1LayerProbe.mark("update"); update(learningRate); LayerProbe.mark("other");', source)
source = re.sub(r'(\s*)final double loss = model.loss\(', r'\1LayerProbe.mark("loss"); final double loss = model.loss(', source, count=1)
open(trainer, 'w').write(source)
