<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConversationList</name>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>Previous 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>更早</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
</context>
<context>
    <name>DatabaseProblemDialog</name>
    <message>
        <source>Cairn cannot open its database</source>
        <translation>Cairn 无法打开其数据库</translation>
    </message>
    <message>
        <source>The conversation database %1 cannot be used: %2.</source>
        <translation>无法使用对话数据库 %1：%2。</translation>
    </message>
    <message>
        <source>Cairn can move the file aside (it is renamed, not deleted, so nothing in it is lost) and start with a new, empty database. Or quit and look at the file first, for example with &quot;cairn-cli db check&quot;.</source>
        <translation>Cairn 可以将该文件移到一旁（只是重命名而非删除，因此其中的内容不会丢失），并使用一个新的空数据库启动。您也可以退出，先检查该文件，例如使用“cairn-cli db check”。</translation>
    </message>
    <message>
        <source>The conversation database %1 was written by a newer version of Cairn: %2.</source>
        <translation>对话数据库 %1 由更新版本的 Cairn 写入：%2。</translation>
    </message>
    <message>
        <source>This Cairn (%1) knows database schema versions up to %2 and will not change the file. Please start the newer Cairn.</source>
        <translation>此版本的 Cairn（%1）仅支持到 %2 的数据库架构版本，不会修改该文件。请启动较新版本的 Cairn。</translation>
    </message>
    <message>
        <source>The conversation database %1 cannot be opened: %2.</source>
        <translation>无法打开对话数据库 %1：%2。</translation>
    </message>
    <message>
        <source>Cairn leaves the file as it is and quits.</source>
        <translation>Cairn 将保留该文件原样并退出。</translation>
    </message>
    <message>
        <source>Move aside and start fresh</source>
        <translation>移到一旁并重新开始</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>cairn::app::AttachmentService</name>
    <message>
        <source>1 slide</source>
        <translation>1 张幻灯片</translation>
    </message>
    <message numerus="yes">
        <source>%n slides</source>
        <translation>
            <numerusform>%n 张幻灯片</numerusform>
        </translation>
    </message>
    <message>
        <source>1 page</source>
        <translation>1 页</translation>
    </message>
    <message numerus="yes">
        <source>%n pages</source>
        <translation>
            <numerusform>%n 页</numerusform>
        </translation>
    </message>
    <message>
        <source>1 line</source>
        <translation>1 行</translation>
    </message>
    <message numerus="yes">
        <source>%n lines</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: the pasted image could not be saved</source>
        <translation>%1：无法保存粘贴的图片</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1：文件不存在</translation>
    </message>
    <message>
        <source>%1: %2 is larger than the %3 an attachment may have</source>
        <translation>%1：%2 超过了附件允许的上限 %3</translation>
    </message>
    <message>
        <source>%1: could not be copied to %2 (%3)</source>
        <translation>%1：无法复制到 %2（%3）</translation>
    </message>
    <message>
        <source>%1: is a folder, not a file</source>
        <translation>%1：这是文件夹，不是文件</translation>
    </message>
    <message>
        <source>%1: the file could not be read</source>
        <translation>%1：无法读取该文件</translation>
    </message>
    <message>
        <source>read from a copy named %1: the original name (%2) is not UTF-8</source>
        <translation>从名为 %1 的副本读取：原文件名（%2）不是 UTF-8</translation>
    </message>
    <message>
        <source>%1: could not be stored: %2</source>
        <translation>%1：无法保存：%2</translation>
    </message>
    <message>
        <source>%1: Cairn cannot read this kind of file (%2)</source>
        <translation>%1：Cairn 无法读取此类文件（%2）</translation>
    </message>
</context>
<context>
    <name>cairn::app::ChatPrompt</name>
    <message>
        <source>Could not read the conversation: %1</source>
        <translation>无法读取对话：%1</translation>
    </message>
    <message>
        <source>The message to answer is gone.</source>
        <translation>要回复的消息已不存在。</translation>
    </message>
    <message>
        <source>Could not read the attachments: %1</source>
        <translation>无法读取附件：%1</translation>
    </message>
    <message>
        <source>Could not read repository %1: %2</source>
        <translation>无法读取代码仓库 %1：%2</translation>
    </message>
    <message>
        <source>Could not open the database: %1</source>
        <translation>无法打开数据库：%1</translation>
    </message>
</context>
<context>
    <name>cairn::app::ChatService</name>
    <message>
        <source>1 page</source>
        <translation>1 页</translation>
    </message>
    <message>
        <source>%1 pages</source>
        <translation>%1 页</translation>
    </message>
    <message>
        <source>1 slide</source>
        <translation>1 张幻灯片</translation>
    </message>
    <message>
        <source>%1 slides</source>
        <translation>%1 张幻灯片</translation>
    </message>
    <message>
        <source>1 line</source>
        <translation>1 行</translation>
    </message>
    <message>
        <source>%1 lines</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <source>%1 tokens · %2 tok/s · %3 s to first token</source>
        <translation>%1 个词元 · %2 词元/秒 · 首个词元 %3 秒</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>token limit reached</source>
        <translation>已达词元上限</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>上下文已满</translation>
    </message>
    <message>
        <source>stop string</source>
        <translation>停止字符串</translation>
    </message>
    <message>
        <source>A reply is being generated: stop it first.</source>
        <translation>正在生成回复：请先停止。</translation>
    </message>
    <message>
        <source>A model is still loading.</source>
        <translation>模型仍在加载中。</translation>
    </message>
    <message>
        <source>No model is loaded: load one on the Models page first.</source>
        <translation>未加载模型：请先在“模型”页面加载一个模型。</translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>消息为空。</translation>
    </message>
    <message>
        <source>Only a reply in the open conversation can be regenerated.</source>
        <translation>只能重新生成当前打开对话中的回复。</translation>
    </message>
    <message>
        <source>Only your own messages in the open conversation can be edited.</source>
        <translation>只能编辑当前打开对话中您自己的消息。</translation>
    </message>
</context>
<context>
    <name>cairn::app::ConversationList</name>
    <message>
        <source>A conversation needs a title.</source>
        <translation>对话需要标题。</translation>
    </message>
</context>
<context>
    <name>cairn::app::EngineHost</name>
    <message>
        <source>%1: a reply is being generated; stop it before loading a model</source>
        <translation>%1：正在生成回复；请先停止，再加载模型</translation>
    </message>
    <message>
        <source>A reply is already being generated.</source>
        <translation>已在生成回复。</translation>
    </message>
    <message>
        <source>A model is still loading.</source>
        <translation>模型仍在加载中。</translation>
    </message>
    <message>
        <source>No model is loaded: load one on the Models page first.</source>
        <translation>未加载模型：请先在“模型”页面加载一个模型。</translation>
    </message>
</context>
<context>
    <name>cairn::app::EngineHost::Worker</name>
    <message>
        <source>%1: loading cancelled</source>
        <translation>%1：已取消加载</translation>
    </message>
    <message>
        <source>%1: no usable tokenizer (%2)</source>
        <translation>%1：没有可用的分词器（%2）</translation>
    </message>
    <message>
        <source>%1: not enough memory for the model and a context of %2 tokens</source>
        <translation>%1：内存不足，无法容纳该模型和 %2 个词元的上下文</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>未加载模型。</translation>
    </message>
    <message>
        <source>The prompt is empty.</source>
        <translation>提示词为空。</translation>
    </message>
    <message>
        <source>The conversation needs %1 tokens but the context holds %2: start a new conversation or raise the context length.</source>
        <translation>对话需要 %1 个词元，但上下文只能容纳 %2 个：请开始新对话或增加上下文长度。</translation>
    </message>
</context>
<context>
    <name>cairn::app::GenerationSettings</name>
    <message>
        <source>generation settings: %1 must be a number from %2 to %3</source>
        <translation>生成设置：%1 必须是 %2 到 %3 之间的数字</translation>
    </message>
    <message>
        <source>generation settings: %1 must be a whole number from %2 to %3</source>
        <translation>生成设置：%1 必须是 %2 到 %3 之间的整数</translation>
    </message>
    <message>
        <source>generation settings: not valid JSON (%1 at offset %2)</source>
        <translation>生成设置：不是有效的 JSON（%1，位于偏移 %2）</translation>
    </message>
    <message>
        <source>generation settings: expected a JSON object</source>
        <translation>生成设置：应为 JSON 对象</translation>
    </message>
    <message>
        <source>generation settings: %1 must be text</source>
        <translation>生成设置：%1 必须是文本</translation>
    </message>
</context>
<context>
    <name>cairn::app::ModelCatalog</name>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 kB</source>
        <translation>%1 kB</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 M</source>
        <translation>%1 M</translation>
    </message>
    <message>
        <source>%1 K</source>
        <translation>%1 K</translation>
    </message>
    <message>
        <source>Cannot save the model folders: %1</source>
        <translation>无法保存模型文件夹：%1</translation>
    </message>
    <message>
        <source>%1: not a readable folder</source>
        <translation>%1：不是可读取的文件夹</translation>
    </message>
    <message>
        <source>needs %1 for %2 tokens of context</source>
        <translation>%2 个词元的上下文需要 %1</translation>
    </message>
    <message>
        <source>needs %1 for %2 tokens of context; %3 is available</source>
        <translation>%2 个词元的上下文需要 %1；可用 %3</translation>
    </message>
</context>
<context>
    <name>cairn::app::ModelScan</name>
    <message>
        <source>Cairn</source>
        <translation>Cairn</translation>
    </message>
    <message>
        <source>Ollama</source>
        <translation>Ollama</translation>
    </message>
    <message>
        <source>LM Studio</source>
        <translation>LM Studio</translation>
    </message>
    <message>
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <source>Your folder</source>
        <translation>您的文件夹</translation>
    </message>
</context>
<context>
    <name>cairn::app::RepositoryIndexing</name>
    <message>
        <source>1 file</source>
        <translation>1 个文件</translation>
    </message>
    <message>
        <source>%1 files</source>
        <translation>%1 个文件</translation>
    </message>
    <message>
        <source>1 symbol</source>
        <translation>1 个符号</translation>
    </message>
    <message>
        <source>%1 symbols</source>
        <translation>%1 个符号</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 s</source>
        <translation>%1 · %2 · %3 秒</translation>
    </message>
    <message>
        <source>%1: cannot be indexed: the database has no file</source>
        <translation>%1：无法建立索引：数据库没有文件</translation>
    </message>
    <message>
        <source>%1: cannot be indexed: %2</source>
        <translation>%1：无法建立索引：%2</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <source>%1 changed</source>
        <translation>%1 个已更改</translation>
    </message>
</context>
<context>
    <name>cairn::app::SettingsService</name>
    <message>
        <source>setting %1: %2</source>
        <translation>设置 %1：%2</translation>
    </message>
    <message>
        <source>setting %1: unknown theme &quot;%2&quot;</source>
        <translation>设置 %1：未知主题“%2”</translation>
    </message>
    <message>
        <source>setting %1: no translation &quot;%2&quot;</source>
        <translation>设置 %1：没有“%2”的翻译</translation>
    </message>
    <message>
        <source>conversation %1: %2</source>
        <translation>对话 %1：%2</translation>
    </message>
    <message>
        <source>conversation %1: its settings are not a JSON object (%2)</source>
        <translation>对话 %1：其设置不是 JSON 对象（%2）</translation>
    </message>
    <message>
        <source>another JSON value</source>
        <translation>其他 JSON 值</translation>
    </message>
    <message>
        <source>Cairn has no translation for &quot;%1&quot;</source>
        <translation>Cairn 没有“%1”的翻译</translation>
    </message>
</context>
<context>
    <name>cairn::ui::AttachmentChip</name>
    <message>
        <source>Reading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Attachment %1</source>
        <translation>附件 %1</translation>
    </message>
    <message>
        <source>Remove %1</source>
        <translation>移除 %1</translation>
    </message>
    <message>
        <source>Remove this attachment</source>
        <translation>移除此附件</translation>
    </message>
</context>
<context>
    <name>cairn::ui::AttachmentChips</name>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>cairn::ui::CodeBlockWidget</name>
    <message>
        <source>Code block</source>
        <translation>代码块</translation>
    </message>
    <message>
        <source>Code language</source>
        <translation>代码语言</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation>将代码复制到剪贴板</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ConversationSidebar</name>
    <message>
        <source>Conversation title</source>
        <translation>对话标题</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Search (Ctrl+K)</source>
        <translation>搜索 (Ctrl+K)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新对话 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Conversation list</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo delete</source>
        <translation>撤销删除</translation>
    </message>
    <message>
        <source>Bring the conversation back (Ctrl+Z)</source>
        <translation>恢复该对话 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Cannot pin the conversation: %1</source>
        <translation>无法置顶该对话：%1</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>无标题</translation>
    </message>
    <message>
        <source>%1, found: %2</source>
        <translation>%1，找到：%2</translation>
    </message>
    <message>
        <source>No conversations yet</source>
        <translation>还没有对话</translation>
    </message>
    <message>
        <source>No conversation matches</source>
        <translation>没有匹配的对话</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>“%1” deleted</source>
        <translation>已删除“%1”</translation>
    </message>
    <message>
        <source>Cannot rename the conversation: %1</source>
        <translation>无法重命名该对话：%1</translation>
    </message>
</context>
<context>
    <name>cairn::ui::DropHandler</name>
    <message>
        <source>%1: only files and folders on this computer can be dropped</source>
        <translation>%1：只能拖放本机上的文件和文件夹</translation>
    </message>
    <message>
        <source>%1 cannot be indexed: the folder name “%2” is not valid UTF-8; rename it</source>
        <translation>%1 无法建立索引：文件夹名称“%2”不是有效的 UTF-8，请重命名</translation>
    </message>
</context>
<context>
    <name>cairn::ui::DropOverlay</name>
    <message>
        <source>Drop area</source>
        <translation>拖放区域</translation>
    </message>
    <message>
        <source>Drop files to attach, folders to index</source>
        <translation>拖放文件以添加附件，拖放文件夹以建立索引</translation>
    </message>
</context>
<context>
    <name>cairn::ui::InputArea</name>
    <message>
        <source>Pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <source>Waiting until the attachments are read</source>
        <translation>正在等待附件读取完成</translation>
    </message>
</context>
<context>
    <name>cairn::ui::MainWindow</name>
    <message>
        <source>Cairn</source>
        <translation>Cairn</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Cairn</source>
        <translation>关于 Cairn(&amp;A)</translation>
    </message>
    <message>
        <source>No conversation yet.
Load a model, then type a message below.</source>
        <translation>还没有对话。
请先加载模型，然后在下方输入消息。</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>Detecting backends…</source>
        <translation>正在检测后端…</translation>
    </message>
    <message>
        <source>Load a model to start chatting</source>
        <translation>加载模型后即可开始聊天</translation>
    </message>
    <message>
        <source>About Cairn</source>
        <translation>关于 Cairn</translation>
    </message>
    <message>
        <source>&lt;b&gt;Cairn %1&lt;/b&gt;&lt;p&gt;A local, offline assistant and codebase analyst. Nothing leaves this machine.&lt;/p&gt;</source>
        <translation>&lt;b&gt;Cairn %1&lt;/b&gt;&lt;p&gt;本地离线助手与代码库分析工具。所有数据都不会离开本机。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>设置(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Search conversations</source>
        <translation>搜索对话(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Focus message input</source>
        <translation>聚焦消息输入框(&amp;F)</translation>
    </message>
    <message>
        <source>S&amp;top reply</source>
        <translation>停止回复(&amp;T)</translation>
    </message>
    <message>
        <source>Ne&amp;xt conversation</source>
        <translation>下一个对话(&amp;X)</translation>
    </message>
    <message>
        <source>P&amp;revious conversation</source>
        <translation>上一个对话(&amp;R)</translation>
    </message>
    <message>
        <source>Conversation se&amp;ttings…</source>
        <translation>对话设置(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Models</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Generation speed of the last reply</source>
        <translation>上一条回复的生成速度</translation>
    </message>
    <message>
        <source>Tokens in the context, of the context length</source>
        <translation>上下文中的词元数 / 上下文长度</translation>
    </message>
    <message>
        <source>Memory used by Cairn</source>
        <translation>Cairn 占用的内存</translation>
    </message>
    <message>
        <source>Context %1 / %2</source>
        <translation>上下文 %1 / %2</translation>
    </message>
    <message>
        <source>Loading model… %1 %</source>
        <translation>正在加载模型… %1 %</translation>
    </message>
    <message>
        <source>The model could not be loaded</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation>%1

%2</translation>
    </message>
    <message>
        <source>Editing your last message: sending it starts a new branch</source>
        <translation>正在编辑您的上一条消息：发送后将开始一个新分支</translation>
    </message>
    <message>
        <source>%1 — Cairn</source>
        <translation>%1 — Cairn</translation>
    </message>
    <message>
        <source>%1 · %2 · threads: %3</source>
        <translation>%1 · %2 · 线程：%3</translation>
    </message>
    <message>
        <source>%1 tok/s</source>
        <translation>%1 词元/秒</translation>
    </message>
    <message>
        <source>Memory %1</source>
        <translation>内存 %1</translation>
    </message>
</context>
<context>
    <name>cairn::ui::MessageEditor</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Enter sends, Shift+Enter starts a new line, Up edits your last message</source>
        <translation>回车发送，Shift+回车换行，上方向键编辑上一条消息</translation>
    </message>
    <message>
        <source>Message Cairn… (Enter sends, Shift+Enter for a new line)</source>
        <translation>给 Cairn 发消息…（回车发送，Shift+回车换行）</translation>
    </message>
</context>
<context>
    <name>cairn::ui::MessageInput</name>
    <message>
        <source>Attach files…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <source>Attach files (Ctrl+O); you can also drop files and folders on the window</source>
        <translation>添加附件（Ctrl+O）；也可以把文件和文件夹拖到窗口上</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop generating</source>
        <translation>停止生成</translation>
    </message>
    <message>
        <source>Stop the reply (Esc)</source>
        <translation>停止回复（Esc）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Send (Enter)</source>
        <translation>发送（回车）</translation>
    </message>
</context>
<context>
    <name>cairn::ui::MessageWidget</name>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>You</source>
        <translation>您</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the message</source>
        <translation>复制消息</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Write a new reply to the same message</source>
        <translation>对同一条消息重新生成回复</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit the message and send it again as a new branch</source>
        <translation>编辑消息并作为新分支重新发送</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the message and everything after it</source>
        <translation>删除此消息及其后的所有内容</translation>
    </message>
    <message>
        <source>Previous version</source>
        <translation>上一个版本</translation>
    </message>
    <message>
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>attachment name and summary</comment>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Attached: %1</source>
        <translation>附件：%1</translation>
    </message>
    <message>
        <source>%1/%2</source>
        <comment>branch position</comment>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Version %1 of %2</source>
        <translation>第 %1 个版本，共 %2 个</translation>
    </message>
    <message>
        <source>Generation statistics</source>
        <translation>生成统计</translation>
    </message>
    <message>
        <source>Edited message</source>
        <translation>已编辑的消息</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send the edited message as a new branch (Ctrl+Enter)</source>
        <translation>将编辑后的消息作为新分支发送（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Send edited message</source>
        <translation>发送编辑后的消息</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Keep the message as it was (Esc)</source>
        <translation>保持消息原样（Esc）</translation>
    </message>
    <message>
        <source>Cancel editing</source>
        <translation>取消编辑</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>Your message</source>
        <translation>您的消息</translation>
    </message>
    <message>
        <source>Assistant&apos;s reply</source>
        <translation>助手的回复</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ModelsPage</name>
    <message>
        <source>Looking for models…</source>
        <translation>正在查找模型…</translation>
    </message>
    <message numerus="yes">
        <source>%n model file(s) found</source>
        <translation>
            <numerusform>找到 %n 个模型文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Model search status</source>
        <translation>模型搜索状态</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Add a folder with models</source>
        <translation>添加包含模型的文件夹</translation>
    </message>
    <message>
        <source>Rescan</source>
        <translation>重新扫描</translation>
    </message>
    <message>
        <source>Look for models again</source>
        <translation>重新查找模型</translation>
    </message>
    <message>
        <source>Look for models again (F5)</source>
        <translation>重新查找模型（F5）</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Quantisation</source>
        <translation>量化</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>专家</translation>
    </message>
    <message>
        <source>File size</source>
        <translation>文件大小</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Model details</source>
        <translation>模型详情</translation>
    </message>
    <message>
        <source>Context length in tokens</source>
        <translation>上下文长度（词元）</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source>Memory estimate</source>
        <translation>内存估算</translation>
    </message>
    <message>
        <source>&amp;Context length:</source>
        <translation>上下文长度(&amp;C)：</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>内存：</translation>
    </message>
    <message>
        <source>Model message</source>
        <translation>模型消息</translation>
    </message>
    <message>
        <source>Loaded model</source>
        <translation>已加载的模型</translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation>加载(&amp;L)</translation>
    </message>
    <message>
        <source>Load the selected model</source>
        <translation>加载所选模型</translation>
    </message>
    <message>
        <source>Load the selected model (Enter)</source>
        <translation>加载所选模型（Enter）</translation>
    </message>
    <message>
        <source>&amp;Unload</source>
        <translation>卸载(&amp;U)</translation>
    </message>
    <message>
        <source>Unload the model</source>
        <translation>卸载模型</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel loading</source>
        <translation>取消加载</translation>
    </message>
    <message>
        <source>Cancel loading (Esc)</source>
        <translation>取消加载（Esc）</translation>
    </message>
    <message>
        <source>Loading progress</source>
        <translation>加载进度</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>%1 (%2 active)</source>
        <translation>%1（%2 激活）</translation>
    </message>
    <message>
        <source>%1 cannot be loaded: %2</source>
        <translation>无法加载 %1：%2</translation>
    </message>
    <message>
        <source>%1 cannot be loaded: it is split into %2 files and Cairn reads single-file models. Merge the parts with llama-gguf-split --merge.</source>
        <translation>无法加载 %1：它被拆分为 %2 个文件，而 Cairn 只能读取单文件模型。请使用 llama-gguf-split --merge 合并各部分。</translation>
    </message>
    <message>
        <source>%1 cannot be loaded: its architecture “%2” is not supported by this version of Cairn yet.</source>
        <translation>无法加载 %1：此版本的 Cairn 尚不支持其架构“%2”。</translation>
    </message>
    <message>
        <source>%1 is too big for the memory available: it %2. Choose a shorter context or a smaller model.</source>
        <translation>%1 太大，可用内存不足：%2。请选择更短的上下文或更小的模型。</translation>
    </message>
    <message>
        <source>No models found. Put GGUF files in %1, or add a folder that holds them.</source>
        <translation>未找到模型。请将 GGUF 文件放入 %1，或添加包含这些文件的文件夹。</translation>
    </message>
    <message>
        <source>Select a model to see its details.</source>
        <translation>选择一个模型以查看其详情。</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Model name</source>
        <translation>模型名称</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>%1 routed, %2 active per token, %3 shared</source>
        <translation>%1 个路由专家，每个词元激活 %2 个，%3 个共享专家</translation>
    </message>
    <message>
        <source>Trained context</source>
        <translation>训练上下文</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>No estimate: Cairn cannot run this model.</source>
        <translation>无法估算：Cairn 无法运行此模型。</translation>
    </message>
    <message>
        <source>Weights %1 + KV cache %2 + working memory %3 = %4
%5</source>
        <translation>权重 %1 + KV 缓存 %2 + 工作内存 %3 = %4
%5</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Loaded: %1 · %2 · %3 tokens of context</source>
        <translation>已加载：%1 · %2 · %3 个词元的上下文</translation>
    </message>
    <message>
        <source>%1 is loaded.</source>
        <translation>%1 已加载。</translation>
    </message>
    <message>
        <source>Loading %1 was cancelled.</source>
        <translation>已取消加载 %1。</translation>
    </message>
    <message>
        <source>%1 could not be loaded: %2</source>
        <translation>无法加载 %1：%2</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ProseBlock</name>
    <message>
        <source>Message text</source>
        <translation>消息文本</translation>
    </message>
</context>
<context>
    <name>cairn::ui::RepositoryProgress</name>
    <message>
        <source>Repository indexing</source>
        <translation>代码库索引</translation>
    </message>
    <message>
        <source>Indexing %1</source>
        <translation>正在索引 %1</translation>
    </message>
    <message>
        <source>Indexing progress of %1</source>
        <translation>%1 的索引进度</translation>
    </message>
    <message>
        <source>Looking for files…</source>
        <translation>正在查找文件…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel indexing %1</source>
        <translation>取消索引 %1</translation>
    </message>
    <message>
        <source>Dismiss %1</source>
        <translation>关闭 %1</translation>
    </message>
    <message>
        <source>%1 / %2 files</source>
        <translation>%1 / %2 个文件</translation>
    </message>
    <message>
        <source>ready · %1</source>
        <translation>就绪 · %1</translation>
    </message>
    <message>
        <source>Repository %1 ready</source>
        <translation>代码库 %1 已就绪</translation>
    </message>
</context>
<context>
    <name>cairn::ui::SettingsDialog</name>
    <message>
        <source>Conversation Settings</source>
        <translation>对话设置</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Settings pages</source>
        <translation>设置页面</translation>
    </message>
    <message>
        <source>&amp;Generation</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Appeara&amp;nce</source>
        <translation>外观(&amp;N)</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Use the profile&apos;s defaults for every field of this conversation</source>
        <translation>此对话的每个字段都使用配置文件的默认值</translation>
    </message>
    <message>
        <source>Put Cairn&apos;s built-in values back on the page shown</source>
        <translation>将当前页面恢复为 Cairn 的内置值</translation>
    </message>
    <message>
        <source>Instructions the model reads before every conversation</source>
        <translation>模型在每次对话前读取的指令</translation>
    </message>
    <message>
        <source>&amp;System prompt:</source>
        <translation>系统提示词(&amp;S)：</translation>
    </message>
    <message>
        <source>Text given to the model as its first, system turn</source>
        <translation>作为第一轮（系统）交给模型的文本</translation>
    </message>
    <message>
        <source>&amp;Temperature:</source>
        <translation>温度(&amp;T)：</translation>
    </message>
    <message>
        <source>Randomness of the reply: 0 always takes the most likely token, higher values vary more</source>
        <translation>回复的随机性：0 总是选择最可能的词元，值越高变化越大</translation>
    </message>
    <message>
        <source>Top-&amp;p:</source>
        <translation>Top-p(&amp;P)：</translation>
    </message>
    <message>
        <source>Sample only from the most likely tokens whose probabilities add up to this (1 = off)</source>
        <translation>仅从概率总和达到此值的最可能词元中采样（1 = 关闭）</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Top-&amp;k:</source>
        <translation>Top-k(&amp;K)：</translation>
    </message>
    <message>
        <source>Sample only from this many of the most likely tokens (0 = off)</source>
        <translation>仅从这么多个最可能的词元中采样（0 = 关闭）</translation>
    </message>
    <message>
        <source>M&amp;in-p:</source>
        <translation>Min-p(&amp;I)：</translation>
    </message>
    <message>
        <source>Drop tokens less likely than this fraction of the most likely one (0 = off)</source>
        <translation>丢弃概率低于最可能词元该比例的词元（0 = 关闭）</translation>
    </message>
    <message>
        <source>&amp;Repeat penalty:</source>
        <translation>重复惩罚(&amp;R)：</translation>
    </message>
    <message>
        <source>Makes tokens that already appeared less likely (1 = off)</source>
        <translation>降低已出现词元的概率（1 = 关闭）</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Max tok&amp;ens:</source>
        <translation>最大词元数(&amp;E)：</translation>
    </message>
    <message>
        <source>Longest reply in tokens; Unlimited stops when the model ends its turn or the context is full</source>
        <translation>回复的最大词元数；“不限”会在模型结束回合或上下文已满时停止</translation>
    </message>
    <message>
        <source>Conte&amp;xt length:</source>
        <translation>上下文长度(&amp;X)：</translation>
    </message>
    <message>
        <source>Tokens the conversation can hold (prompt and replies); more needs more memory. Takes effect when the model is next loaded</source>
        <translation>对话可容纳的词元数（提示和回复）；越多占用内存越多。下次加载模型时生效</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>T&amp;hreads:</source>
        <translation>线程数(&amp;H)：</translation>
    </message>
    <message>
        <source>CPU threads used for generation (Automatic: one per core)</source>
        <translation>用于生成的 CPU 线程数（自动：每个核心一个）</translation>
    </message>
    <message>
        <source>Use default</source>
        <translation>使用默认值</translation>
    </message>
    <message>
        <source>Use default for %1</source>
        <translation>%1 使用默认值</translation>
    </message>
    <message>
        <source>Take %1 from the profile&apos;s defaults instead of setting it for this conversation</source>
        <translation>%1 取自配置文件的默认值，而不是为此对话单独设置</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Light or dark colours, or whichever the desktop prefers</source>
        <translation>浅色或深色，或跟随桌面的偏好</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language of Cairn&apos;s menus and messages</source>
        <translation>Cairn 菜单和消息所用的语言</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The new language is used when Cairn next starts.</source>
        <translation>新语言将在下次启动 Cairn 时生效。</translation>
    </message>
    <message>
        <source>Language note</source>
        <translation>语言提示</translation>
    </message>
    <message>
        <source>The settings could not be saved.</source>
        <translation>无法保存设置。</translation>
    </message>
    <message>
        <source>%1: enter a number from %2 to %3.</source>
        <translation>%1：请输入 %2 到 %3 之间的数字。</translation>
    </message>
    <message>
        <source>%1: enter a whole number from %2 to %3.</source>
        <translation>%1：请输入 %2 到 %3 之间的整数。</translation>
    </message>
    <message>
        <source>Max tokens (%1) must be smaller than the context length (%2): the prompt needs room too.</source>
        <translation>最大词元数（%1）必须小于上下文长度（%2）：提示也需要空间。</translation>
    </message>
</context>
<context>
    <name>cairn::ui::ThinkBlock</name>
    <message>
        <source>Reasoning</source>
        <translation>推理过程</translation>
    </message>
    <message>
        <source>Show or hide the reasoning</source>
        <translation>显示或隐藏推理过程</translation>
    </message>
    <message>
        <source>Reasoning text</source>
        <translation>推理文本</translation>
    </message>
    <message>
        <source>Reasoning…</source>
        <translation>正在推理…</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Cairn cannot open its database</source>
        <translation>Cairn 无法打开其数据库</translation>
    </message>
</context>
</TS>
