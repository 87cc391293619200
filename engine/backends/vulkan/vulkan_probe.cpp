// SPDX-License-Identifier: MIT
// Vulkan backend probe: lists physical devices and runs one compute dispatch (the build-time
// SPIR-V of shaders/scale_add.comp) on each, checking every output element. Works on Mesa's
// lavapipe CPU driver, so CI exercises it without a GPU.

#include "engine/api/backends.h"

#include <vulkan/vulkan.h>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace cairn {

namespace {

constexpr uint32_t kScaleAddSpirv[] =
#include "scale_add.comp.inc"
    ;

constexpr uint32_t kProbeCount = 4096;
constexpr uint64_t kFenceTimeoutNs = 10'000'000'000ULL;

// Runs the registered clean-ups in reverse order when the probe of one device ends.
class Cleanup {
public:
    Cleanup() = default;
    Cleanup(const Cleanup&) = delete;
    Cleanup& operator=(const Cleanup&) = delete;
    ~Cleanup()
    {
        for (auto it = m_steps.rbegin(); it != m_steps.rend(); ++it)
            (*it)();
    }
    void add(std::function<void()> step) { m_steps.push_back(std::move(step)); }

private:
    std::vector<std::function<void()>> m_steps;
};

// A zeroed Vulkan create-info struct with its sType set.
template <typename T> T vkInfo(VkStructureType type)
{
    T info{};
    info.sType = type;
    return info;
}

std::string resultText(const char* call, VkResult result)
{
    return std::string(call) + " failed (VkResult " + std::to_string(static_cast<int>(result)) + ")";
}

std::string typeName(VkPhysicalDeviceType type)
{
    switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
        return "discrete";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
        return "integrated";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
        return "virtual";
    case VK_PHYSICAL_DEVICE_TYPE_CPU:
        return "cpu";
    default:
        return "other";
    }
}

std::string versionText(uint32_t version)
{
    return std::to_string(VK_API_VERSION_MAJOR(version)) + "." + std::to_string(VK_API_VERSION_MINOR(version)) + "."
        + std::to_string(VK_API_VERSION_PATCH(version));
}

bool findComputeQueue(VkPhysicalDevice physical, uint32_t& family)
{
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &count, families.data());
    for (uint32_t i = 0; i < count; ++i) {
        if ((families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) != 0) {
            family = i;
            return true;
        }
    }
    return false;
}

bool findHostVisibleMemory(VkPhysicalDevice physical, uint32_t typeBits, uint32_t& typeIndex)
{
    VkPhysicalDeviceMemoryProperties props;
    vkGetPhysicalDeviceMemoryProperties(physical, &props);
    constexpr VkMemoryPropertyFlags kWanted
        = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
    for (uint32_t i = 0; i < props.memoryTypeCount; ++i) {
        if ((typeBits & (1U << i)) != 0 && (props.memoryTypes[i].propertyFlags & kWanted) == kWanted) {
            typeIndex = i;
            return true;
        }
    }
    return false;
}

// Runs the probe dispatch on one device. Returns an empty string on success, else the problem.
std::string runDispatch(VkPhysicalDevice physical)
{
    uint32_t family = 0;
    if (!findComputeQueue(physical, family))
        return "no compute queue";

    Cleanup cleanup;
    const float priority = 1.0f;
    auto queueInfo = vkInfo<VkDeviceQueueCreateInfo>(VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO);
    queueInfo.queueFamilyIndex = family;
    queueInfo.queueCount = 1;
    queueInfo.pQueuePriorities = &priority;
    auto deviceInfo = vkInfo<VkDeviceCreateInfo>(VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO);
    deviceInfo.queueCreateInfoCount = 1;
    deviceInfo.pQueueCreateInfos = &queueInfo;
    VkDevice device = VK_NULL_HANDLE;
    if (VkResult r = vkCreateDevice(physical, &deviceInfo, nullptr, &device); r != VK_SUCCESS)
        return resultText("vkCreateDevice", r);
    cleanup.add([=] { vkDestroyDevice(device, nullptr); });
    VkQueue queue = VK_NULL_HANDLE;
    vkGetDeviceQueue(device, family, 0, &queue);

    constexpr VkDeviceSize kBytes = kProbeCount * sizeof(float);
    auto bufferInfo = vkInfo<VkBufferCreateInfo>(VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO);
    bufferInfo.size = kBytes;
    bufferInfo.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
    bufferInfo.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    VkBuffer buffer = VK_NULL_HANDLE;
    if (VkResult r = vkCreateBuffer(device, &bufferInfo, nullptr, &buffer); r != VK_SUCCESS)
        return resultText("vkCreateBuffer", r);
    cleanup.add([=] { vkDestroyBuffer(device, buffer, nullptr); });

    VkMemoryRequirements needs;
    vkGetBufferMemoryRequirements(device, buffer, &needs);
    auto allocInfo = vkInfo<VkMemoryAllocateInfo>(VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO);
    allocInfo.allocationSize = needs.size;
    if (!findHostVisibleMemory(physical, needs.memoryTypeBits, allocInfo.memoryTypeIndex))
        return "no host-visible coherent memory";
    VkDeviceMemory memory = VK_NULL_HANDLE;
    if (VkResult r = vkAllocateMemory(device, &allocInfo, nullptr, &memory); r != VK_SUCCESS)
        return resultText("vkAllocateMemory", r);
    cleanup.add([=] { vkFreeMemory(device, memory, nullptr); });
    if (VkResult r = vkBindBufferMemory(device, buffer, memory, 0); r != VK_SUCCESS)
        return resultText("vkBindBufferMemory", r);

    void* mapped = nullptr;
    if (VkResult r = vkMapMemory(device, memory, 0, kBytes, 0, &mapped); r != VK_SUCCESS)
        return resultText("vkMapMemory", r);
    cleanup.add([=] { vkUnmapMemory(device, memory); });
    auto* values = static_cast<float*>(mapped);
    for (uint32_t i = 0; i < kProbeCount; ++i)
        values[i] = static_cast<float>(i);

    auto shaderInfo = vkInfo<VkShaderModuleCreateInfo>(VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO);
    shaderInfo.codeSize = sizeof(kScaleAddSpirv);
    shaderInfo.pCode = kScaleAddSpirv;
    VkShaderModule shader = VK_NULL_HANDLE;
    if (VkResult r = vkCreateShaderModule(device, &shaderInfo, nullptr, &shader); r != VK_SUCCESS)
        return resultText("vkCreateShaderModule", r);
    cleanup.add([=] { vkDestroyShaderModule(device, shader, nullptr); });

    VkDescriptorSetLayoutBinding binding{};
    binding.binding = 0;
    binding.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    binding.descriptorCount = 1;
    binding.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
    auto setLayoutInfo = vkInfo<VkDescriptorSetLayoutCreateInfo>(VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO);
    setLayoutInfo.bindingCount = 1;
    setLayoutInfo.pBindings = &binding;
    VkDescriptorSetLayout setLayout = VK_NULL_HANDLE;
    if (VkResult r = vkCreateDescriptorSetLayout(device, &setLayoutInfo, nullptr, &setLayout); r != VK_SUCCESS)
        return resultText("vkCreateDescriptorSetLayout", r);
    cleanup.add([=] { vkDestroyDescriptorSetLayout(device, setLayout, nullptr); });

    VkPushConstantRange pushRange{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(uint32_t)};
    auto layoutInfo = vkInfo<VkPipelineLayoutCreateInfo>(VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO);
    layoutInfo.setLayoutCount = 1;
    layoutInfo.pSetLayouts = &setLayout;
    layoutInfo.pushConstantRangeCount = 1;
    layoutInfo.pPushConstantRanges = &pushRange;
    VkPipelineLayout pipelineLayout = VK_NULL_HANDLE;
    if (VkResult r = vkCreatePipelineLayout(device, &layoutInfo, nullptr, &pipelineLayout); r != VK_SUCCESS)
        return resultText("vkCreatePipelineLayout", r);
    cleanup.add([=] { vkDestroyPipelineLayout(device, pipelineLayout, nullptr); });

    auto pipelineInfo = vkInfo<VkComputePipelineCreateInfo>(VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO);
    pipelineInfo.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
    pipelineInfo.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    pipelineInfo.stage.module = shader;
    pipelineInfo.stage.pName = "main";
    pipelineInfo.layout = pipelineLayout;
    VkPipeline pipeline = VK_NULL_HANDLE;
    if (VkResult r = vkCreateComputePipelines(device, VK_NULL_HANDLE, 1, &pipelineInfo, nullptr, &pipeline);
        r != VK_SUCCESS)
        return resultText("vkCreateComputePipelines", r);
    cleanup.add([=] { vkDestroyPipeline(device, pipeline, nullptr); });

    VkDescriptorPoolSize poolSize{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1};
    auto poolInfo = vkInfo<VkDescriptorPoolCreateInfo>(VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO);
    poolInfo.maxSets = 1;
    poolInfo.poolSizeCount = 1;
    poolInfo.pPoolSizes = &poolSize;
    VkDescriptorPool pool = VK_NULL_HANDLE;
    if (VkResult r = vkCreateDescriptorPool(device, &poolInfo, nullptr, &pool); r != VK_SUCCESS)
        return resultText("vkCreateDescriptorPool", r);
    cleanup.add([=] { vkDestroyDescriptorPool(device, pool, nullptr); });
    auto setInfo = vkInfo<VkDescriptorSetAllocateInfo>(VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO);
    setInfo.descriptorPool = pool;
    setInfo.descriptorSetCount = 1;
    setInfo.pSetLayouts = &setLayout;
    VkDescriptorSet set = VK_NULL_HANDLE;
    if (VkResult r = vkAllocateDescriptorSets(device, &setInfo, &set); r != VK_SUCCESS)
        return resultText("vkAllocateDescriptorSets", r);
    VkDescriptorBufferInfo bufferRef{buffer, 0, kBytes};
    auto write = vkInfo<VkWriteDescriptorSet>(VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET);
    write.dstSet = set;
    write.descriptorCount = 1;
    write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
    write.pBufferInfo = &bufferRef;
    vkUpdateDescriptorSets(device, 1, &write, 0, nullptr);

    auto commandPoolInfo = vkInfo<VkCommandPoolCreateInfo>(VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO);
    commandPoolInfo.queueFamilyIndex = family;
    VkCommandPool commandPool = VK_NULL_HANDLE;
    if (VkResult r = vkCreateCommandPool(device, &commandPoolInfo, nullptr, &commandPool); r != VK_SUCCESS)
        return resultText("vkCreateCommandPool", r);
    cleanup.add([=] { vkDestroyCommandPool(device, commandPool, nullptr); });
    auto commandInfo = vkInfo<VkCommandBufferAllocateInfo>(VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO);
    commandInfo.commandPool = commandPool;
    commandInfo.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    commandInfo.commandBufferCount = 1;
    VkCommandBuffer commands = VK_NULL_HANDLE;
    if (VkResult r = vkAllocateCommandBuffers(device, &commandInfo, &commands); r != VK_SUCCESS)
        return resultText("vkAllocateCommandBuffers", r);

    auto beginInfo = vkInfo<VkCommandBufferBeginInfo>(VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO);
    beginInfo.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    vkBeginCommandBuffer(commands, &beginInfo);
    vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
    vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipelineLayout, 0, 1, &set, 0, nullptr);
    const uint32_t count = kProbeCount;
    vkCmdPushConstants(commands, pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(count), &count);
    vkCmdDispatch(commands, (kProbeCount + 63) / 64, 1, 1);
    auto toHost = vkInfo<VkMemoryBarrier>(VK_STRUCTURE_TYPE_MEMORY_BARRIER);
    toHost.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT;
    toHost.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
    vkCmdPipelineBarrier(commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &toHost, 0,
                         nullptr, 0, nullptr);
    if (VkResult r = vkEndCommandBuffer(commands); r != VK_SUCCESS)
        return resultText("vkEndCommandBuffer", r);

    auto fenceInfo = vkInfo<VkFenceCreateInfo>(VK_STRUCTURE_TYPE_FENCE_CREATE_INFO);
    VkFence fence = VK_NULL_HANDLE;
    if (VkResult r = vkCreateFence(device, &fenceInfo, nullptr, &fence); r != VK_SUCCESS)
        return resultText("vkCreateFence", r);
    cleanup.add([=] { vkDestroyFence(device, fence, nullptr); });
    auto submit = vkInfo<VkSubmitInfo>(VK_STRUCTURE_TYPE_SUBMIT_INFO);
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &commands;
    if (VkResult r = vkQueueSubmit(queue, 1, &submit, fence); r != VK_SUCCESS)
        return resultText("vkQueueSubmit", r);
    if (VkResult r = vkWaitForFences(device, 1, &fence, VK_TRUE, kFenceTimeoutNs); r != VK_SUCCESS)
        return resultText("vkWaitForFences", r);

    for (uint32_t i = 0; i < kProbeCount; ++i) {
        if (values[i] != 2.0f * static_cast<float>(i) + 1.0f)
            return "dispatch gave a wrong value at element " + std::to_string(i);
    }
    return {};
}

/// The process keeps one Vulkan instance once it has made one. Destroying it unloads the driver,
/// and Mesa's drivers leave allocations behind at unload that leak checkers then report as ours;
/// the Vulkan backend will reuse the instance anyway.
struct ProcessInstance {
    VkInstance instance = VK_NULL_HANDLE;
    VkResult result = VK_SUCCESS;
};

const ProcessInstance& processInstance()
{
    static const ProcessInstance shared = [] {
        ProcessInstance created;
        auto app = vkInfo<VkApplicationInfo>(VK_STRUCTURE_TYPE_APPLICATION_INFO);
        app.pApplicationName = "cairn";
        app.apiVersion = VK_API_VERSION_1_1;
        auto instanceInfo = vkInfo<VkInstanceCreateInfo>(VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO);
        instanceInfo.pApplicationInfo = &app;
        created.result = vkCreateInstance(&instanceInfo, nullptr, &created.instance);
        return created;
    }();
    return shared;
}

} // namespace

VulkanInfo probeVulkan()
{
    VulkanInfo info;
    info.compiled = true;

    const ProcessInstance& shared = processInstance();
    if (shared.result != VK_SUCCESS) {
        info.status = "no Vulkan driver: " + resultText("vkCreateInstance", shared.result);
        return info;
    }
    VkInstance instance = shared.instance;
    uint32_t count = 0;
    vkEnumeratePhysicalDevices(instance, &count, nullptr);
    std::vector<VkPhysicalDevice> physicals(count);
    vkEnumeratePhysicalDevices(instance, &count, physicals.data());
    physicals.resize(count);

    size_t working = 0;
    for (VkPhysicalDevice physical : physicals) {
        VkPhysicalDeviceProperties props;
        vkGetPhysicalDeviceProperties(physical, &props);
        VulkanDevice device;
        device.name = props.deviceName;
        device.type = typeName(props.deviceType);
        device.apiVersion = versionText(props.apiVersion);
        device.problem = runDispatch(physical);
        device.computeOk = device.problem.empty();
        working += device.computeOk ? 1 : 0;
        info.devices.push_back(std::move(device));
    }

    if (info.devices.empty())
        info.status = "no Vulkan device";
    else
        info.status = std::to_string(info.devices.size()) + " Vulkan device(s), " + std::to_string(working)
            + " passed the compute check";
    return info;
}

} // namespace cairn
