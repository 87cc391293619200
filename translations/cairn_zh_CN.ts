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
    <name>main</name>
    <message>
        <source>Cairn cannot open its database</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
