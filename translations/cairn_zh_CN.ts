<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DatabaseProblemDialog</name>
    <message>
        <source>Cairn cannot open its database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database %1 cannot be used: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cairn can move the file aside (it is renamed, not deleted, so nothing in it is lost) and start with a new, empty database. Or quit and look at the file first, for example with &quot;cairn-cli db check&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database %1 was written by a newer version of Cairn: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This Cairn (%1) knows database schema versions up to %2 and will not change the file. Please start the newer Cairn.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The conversation database %1 cannot be opened: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cairn leaves the file as it is and quits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move aside and start fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
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
    <name>cairn::ui::DropHandler</name>
    <message>
        <source>%1: only files and folders on this computer can be dropped</source>
        <translation>%1：只能拖放本机上的文件和文件夹</translation>
    </message>
    <message>
        <source>%1: a folder whose name is not UTF-8 cannot be indexed; rename it</source>
        <translation>%1：名称不是 UTF-8 的文件夹无法建立索引，请重命名</translation>
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
        <source>Message Cairn (Ctrl+Enter to send)</source>
        <translation>给 Cairn 发消息（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
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
        <source>Send the message (Ctrl+Enter)</source>
        <translation>发送消息（Ctrl+Enter）</translation>
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
    <name>main</name>
    <message>
        <source>Cairn cannot open its database</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
