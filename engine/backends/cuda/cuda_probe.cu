// SPDX-License-Identifier: MIT
// CUDA backend probe: counts devices through the runtime API (static cudart, never -lcuda) and
// runs one trivial kernel on device 0. Any runtime error means "no CUDA" and is reported, not fatal.

#include "engine/api/backends.h"

#include <cuda_runtime.h>

#include <string>
#include <vector>

namespace cairn {

namespace {

__global__ void scaleAddOne(float* values, int count)
{
    const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (i < count)
        values[i] = 2.0f * values[i] + 1.0f;
}

std::string errorText(cudaError_t error)
{
    return std::string(cudaGetErrorString(error)) + " (" + std::to_string(static_cast<int>(error)) + ")";
}

// Runs v = 2v + 1 over a small buffer on the current device and checks every element.
bool runKernelCheck(std::string& problem)
{
    constexpr int kCount = 1000;
    std::vector<float> host(kCount);
    for (int i = 0; i < kCount; ++i)
        host[static_cast<size_t>(i)] = static_cast<float>(i);
    float* device = nullptr;
    cudaError_t error = cudaMalloc(&device, kCount * sizeof(float));
    if (error == cudaSuccess)
        error = cudaMemcpy(device, host.data(), kCount * sizeof(float), cudaMemcpyHostToDevice);
    if (error == cudaSuccess) {
        scaleAddOne<<<(kCount + 255) / 256, 256>>>(device, kCount);
        error = cudaGetLastError();
    }
    if (error == cudaSuccess)
        error = cudaMemcpy(host.data(), device, kCount * sizeof(float), cudaMemcpyDeviceToHost);
    if (device != nullptr)
        cudaFree(device);
    if (error != cudaSuccess) {
        problem = "kernel check failed: " + errorText(error);
        return false;
    }
    for (int i = 0; i < kCount; ++i) {
        if (host[static_cast<size_t>(i)] != 2.0f * static_cast<float>(i) + 1.0f) {
            problem = "kernel check gave a wrong value at element " + std::to_string(i);
            return false;
        }
    }
    return true;
}

} // namespace

CudaInfo probeCuda()
{
    CudaInfo info;
    info.compiled = true;
    int runtime = 0;
    if (cudaRuntimeGetVersion(&runtime) == cudaSuccess)
        info.runtimeVersion = std::to_string(runtime / 1000) + "." + std::to_string((runtime % 1000) / 10);

    int count = 0;
    const cudaError_t error = cudaGetDeviceCount(&count);
    if (error != cudaSuccess) {
        info.status = "no CUDA device: " + errorText(error);
        return info;
    }
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, i) != cudaSuccess)
            continue;
        info.devices.push_back({prop.name, prop.major, prop.minor, prop.totalGlobalMem});
    }
    if (info.devices.empty()) {
        info.status = "no CUDA device";
        return info;
    }
    std::string problem;
    info.kernelOk = cudaSetDevice(0) == cudaSuccess && runKernelCheck(problem);
    info.status = std::to_string(info.devices.size()) + " CUDA device(s)"
        + (info.kernelOk ? ", kernel check passed" : ", " + problem);
    return info;
}

} // namespace cairn
