import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShownQuestion } from '../../../common/exercises/draw.js';
import type { Answer } from '../../../common/exercises/questions.js';
import { ExerciseMarkdown } from './ExerciseMarkdown.js';

/**
 * The answer controls of one question, by type, all operable by keyboard: radio buttons,
 * check boxes, a text field, up/down buttons to order items, and a choice per row to match.
 * Reports the answer as it stands (null while it is incomplete).
 */
export function QuestionInput({
  shown,
  disabled,
  onChange,
}: {
  shown: ShownQuestion;
  disabled: boolean;
  onChange: (answer: Answer | null) => void;
}) {
  const { t } = useTranslation();
  const name = useId();
  const { question, order } = shown;
  const [picked, setPicked] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [sequence, setSequence] = useState<string[]>(order);
  const [matches, setMatches] = useState<Record<string, string>>({});

  switch (question.type) {
    case 'single':
    case 'truefalse': {
      const choices =
        question.type === 'single'
          ? order.map((id) => ({ id, text: question.options.find((o) => o.id === id)!.text }))
          : [
              { id: 'true', text: t('exercise.true') },
              { id: 'false', text: t('exercise.false') },
            ];
      return (
        <fieldset className="choice-list" disabled={disabled}>
          <legend className="visually-hidden">{t('exercise.yourAnswer')}</legend>
          {choices.map((choice) => (
            <label key={choice.id} className="choice">
              <input
                type="radio"
                name={name}
                checked={picked[0] === choice.id}
                onChange={() => {
                  setPicked([choice.id]);
                  onChange(
                    question.type === 'single'
                      ? { type: 'single', optionId: choice.id }
                      : { type: 'truefalse', value: choice.id === 'true' },
                  );
                }}
              />
              <ExerciseMarkdown text={choice.text} inline />
            </label>
          ))}
        </fieldset>
      );
    }
    case 'multiple':
      return (
        <fieldset className="choice-list" disabled={disabled}>
          <legend className="card__meta">{t('exercise.pickAll')}</legend>
          {order.map((id) => (
            <label key={id} className="choice">
              <input
                type="checkbox"
                checked={picked.includes(id)}
                onChange={() => {
                  const next = picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id];
                  setPicked(next);
                  onChange(next.length ? { type: 'multiple', optionIds: next } : null);
                }}
              />
              <ExerciseMarkdown text={question.options.find((o) => o.id === id)!.text} inline />
            </label>
          ))}
        </fieldset>
      );
    case 'fill':
      return (
        <label className="field">
          <span className="visually-hidden">{t('exercise.yourAnswer')}</span>
          <input
            className="text-input"
            disabled={disabled}
            placeholder={t('exercise.typeAnswer')}
            value={text}
            maxLength={500}
            data-testid="fill-answer"
            onChange={(event) => {
              setText(event.target.value);
              onChange(event.target.value.trim() ? { type: 'fill', text: event.target.value } : null);
            }}
          />
        </label>
      );
    case 'ordering': {
      const move = (index: number, by: number) => {
        const next = [...sequence];
        [next[index], next[index + by]] = [next[index + by]!, next[index]!];
        setSequence(next);
        onChange({ type: 'ordering', itemIds: next });
      };
      return (
        <ol className="order-list">
          {sequence.map((id, index) => {
            const label = question.items.find((i) => i.id === id)!.text;
            return (
              <li key={id} className="order-list__item">
                <ExerciseMarkdown text={label} inline />
                <span className="order-list__tools">
                  <button
                    type="button"
                    className="button button--small"
                    disabled={disabled || index === 0}
                    aria-label={t('exercise.moveUp', { item: label })}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    disabled={disabled || index === sequence.length - 1}
                    aria-label={t('exercise.moveDown', { item: label })}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      );
    }
    case 'matching':
      return (
        <div className="match-list">
          {question.pairs.map((pair) => (
            <label key={pair.id} className="match-list__row">
              <ExerciseMarkdown text={pair.left} inline />
              <select
                className="select"
                disabled={disabled}
                value={matches[pair.id] ?? ''}
                onChange={(event) => {
                  const next = { ...matches, [pair.id]: event.target.value };
                  if (!event.target.value) delete next[pair.id];
                  setMatches(next);
                  onChange(
                    Object.keys(next).length === question.pairs.length ? { type: 'matching', matches: next } : null,
                  );
                }}
              >
                <option value="">{t('exercise.choose')}</option>
                {order.map((id) => (
                  <option key={id} value={id}>
                    {question.pairs.find((p) => p.id === id)!.right}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      );
  }
}
