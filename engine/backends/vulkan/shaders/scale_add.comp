// SPDX-License-Identifier: MIT
// The Vulkan probe's compute shader: v[i] = 2 v[i] + 1 for i < count.
#version 450

layout(local_size_x = 64) in;

layout(std430, binding = 0) buffer Values { float v[]; };
layout(push_constant) uniform Params { uint count; } params;

void main()
{
    uint i = gl_GlobalInvocationID.x;
    if (i < params.count)
        v[i] = 2.0 * v[i] + 1.0;
}
