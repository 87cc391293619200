import React from "react";

interface Props {
    title: string;
}

export function App(props: Props) {
    return <div className="app">{format(props.title)}</div>;
}

const format = (text: string): string => text.trim();

export default class Panel extends React.Component<Props> {
    render() {
        return <App title={this.props.title} />;
    }
}
