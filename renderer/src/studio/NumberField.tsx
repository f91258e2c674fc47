/** A whole number within bounds; values outside them are not passed on. */
export function NumberField(props: {
  id: string;
  label: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
}) {
  return (
    <div className="field exercise-editor__number">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        className="text-input"
        type="number"
        min={props.min}
        max={props.max}
        value={props.value}
        onChange={(event) => {
          const value = Math.round(Number(event.target.value));
          if (Number.isFinite(value) && value >= props.min && value <= props.max) props.onChange(value);
        }}
      />
    </div>
  );
}
